CREATE TABLE `product_categories` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`name` text NOT NULL,
	`parent_id` text,
	`sort` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `product_categories_parent` ON `product_categories` (`parent_id`,`sort`);--> statement-breakpoint
CREATE TABLE `product_costs` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`product_id` text NOT NULL,
	`floor_price` integer,
	`standard_cost` integer
);
--> statement-breakpoint
CREATE INDEX `product_costs_product` ON `product_costs` (`product_id`);--> statement-breakpoint
CREATE TABLE `product_images` (
	`ref` text PRIMARY KEY NOT NULL,
	`mime` text NOT NULL,
	`bytes` blob NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `product_keys` (
	`product_id` text NOT NULL,
	`key` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_keys_key` ON `product_keys` (`key`,`product_id`);--> statement-breakpoint
CREATE INDEX `product_keys_product` ON `product_keys` (`product_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`pinyin` text NOT NULL,
	`spec` text,
	`unit` text,
	`barcode` text,
	`category_id` text,
	`list_price` integer DEFAULT 0 NOT NULL,
	`tax_rate` integer DEFAULT 1300 NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`image_ref` text,
	`notes` text
);
--> statement-breakpoint
CREATE INDEX `products_code` ON `products` (`code`,`id`);--> statement-breakpoint
CREATE INDEX `products_pinyin` ON `products` (`pinyin`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `products_price` ON `products` (`list_price`,`id`);--> statement-breakpoint
CREATE INDEX `products_updated` ON `products` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `products_live_category` ON `products` (`category_id`,`status`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_live_status` ON `products` (`status`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `products_barcode` ON `products` (`barcode`);