CREATE TABLE `product_category_counts` (
	`category_id` text PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `price_points` (
	`line_id` text PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`document_id` text NOT NULL,
	`document_key` text NOT NULL,
	`product_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`date` text NOT NULL,
	`net_unit_price` integer NOT NULL,
	`counts` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `price_points_price` ON `price_points` (`product_id`,`net_unit_price`,`customer_id`,`document_key`) WHERE counts = 1;--> statement-breakpoint
CREATE INDEX `price_points_recent` ON `price_points` (`product_id`,`date`,`line_id`,`customer_id`,`document_key`,`source`) WHERE counts = 1;--> statement-breakpoint
CREATE INDEX `price_points_customer` ON `price_points` (`product_id`,`customer_id`,`date`,`line_id`,`net_unit_price`,`document_key`,`source`) WHERE counts = 1;--> statement-breakpoint
CREATE INDEX `price_points_document` ON `price_points` (`document_id`);--> statement-breakpoint
CREATE INDEX `sales_orders_status` ON `sales_orders` (`status`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `sales_orders_owner_status` ON `sales_orders` (`owner_id`,`status`,`deleted_at`,`created_at`,`id`);