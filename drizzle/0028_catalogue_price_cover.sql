DROP INDEX `products_price`;--> statement-breakpoint
CREATE INDEX `products_price` ON `products` (`list_price`,`id`,`category_id`,`status`,`code`,`updated_at`) WHERE deleted_at IS NULL;