DROP INDEX `products_live_category`;--> statement-breakpoint
DROP INDEX `products_code`;--> statement-breakpoint
DROP INDEX `products_pinyin`;--> statement-breakpoint
DROP INDEX `products_price`;--> statement-breakpoint
DROP INDEX `products_updated`;--> statement-breakpoint
CREATE INDEX `products_cat_code` ON `products` (`category_id`,`code`,`id`,`status`,`list_price`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_cat_pinyin` ON `products` (`category_id`,`pinyin`,`name`,`id`,`status`,`list_price`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_cat_price` ON `products` (`category_id`,`list_price`,`id`,`status`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_cat_updated` ON `products` (`category_id`,`updated_at`,`id`,`status`,`list_price`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_code` ON `products` (`code`,`id`,`category_id`,`status`,`list_price`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_pinyin` ON `products` (`pinyin`,`name`,`id`,`category_id`,`status`,`list_price`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_price` ON `products` (`list_price`,`id`,`category_id`,`status`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_updated` ON `products` (`updated_at`,`id`,`category_id`,`status`,`list_price`) WHERE deleted_at IS NULL;