CREATE TABLE `number_counters` (
	`rule_id` text NOT NULL,
	`period` text NOT NULL,
	`next` integer NOT NULL,
	PRIMARY KEY(`rule_id`, `period`)
);
--> statement-breakpoint
CREATE TABLE `numbering_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`document_type` text NOT NULL,
	`prefix` text NOT NULL,
	`date_part` text NOT NULL,
	`serial_width` integer NOT NULL,
	`reset` text NOT NULL,
	`separator` text DEFAULT '-' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `numbering_rules_type` ON `numbering_rules` (`document_type`);--> statement-breakpoint
CREATE TABLE `quote_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`quote_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`product_id` text NOT NULL,
	`product_code` text NOT NULL,
	`product_name` text NOT NULL,
	`spec` text,
	`unit` text,
	`qty_milli` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`discount_permille` integer DEFAULT 0 NOT NULL,
	`tax_rate` integer NOT NULL,
	`net_unit_price` integer NOT NULL,
	`amount` integer NOT NULL,
	`tax` integer NOT NULL,
	`total` integer NOT NULL,
	`list_price` integer DEFAULT 0 NOT NULL,
	`below_floor` integer DEFAULT false NOT NULL,
	`note` text,
	`customer_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`quote_date` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `quote_lines_quote` ON `quote_lines` (`quote_id`,`line_no`);--> statement-breakpoint
CREATE INDEX `quote_lines_product` ON `quote_lines` (`product_id`,`quote_date`);--> statement-breakpoint
CREATE TABLE `quotes` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`number` text NOT NULL,
	`number_status` text NOT NULL,
	`number_rule` text NOT NULL,
	`provisional_number` text,
	`group_id` text NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`superseded_by` text,
	`customer_id` text NOT NULL,
	`contact_id` text,
	`opportunity_id` text,
	`owner_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`quote_date` text NOT NULL,
	`valid_until` text,
	`price_includes_tax` integer DEFAULT true NOT NULL,
	`subtotal` integer DEFAULT 0 NOT NULL,
	`tax_total` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`max_discount_permille` integer DEFAULT 0 NOT NULL,
	`below_floor` integer DEFAULT false NOT NULL,
	`terms` text,
	`notes` text,
	`sent_at` integer,
	`decided_at` integer,
	`decline_reason` text
);
--> statement-breakpoint
CREATE INDEX `quotes_owner` ON `quotes` (`owner_id`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `quotes_customer` ON `quotes` (`customer_id`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `quotes_recent` ON `quotes` (`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `quotes_group` ON `quotes` (`group_id`,`version`);--> statement-breakpoint
CREATE INDEX `quotes_number` ON `quotes` (`number`);--> statement-breakpoint
CREATE TABLE `sales_facts` (
	`line_id` text PRIMARY KEY NOT NULL,
	`order_id` text NOT NULL,
	`order_date` text NOT NULL,
	`month` text NOT NULL,
	`product_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`salesperson_id` text NOT NULL,
	`qty_milli` integer NOT NULL,
	`amount` integer NOT NULL,
	`tax` integer NOT NULL,
	`cost` integer
);
--> statement-breakpoint
CREATE INDEX `sales_facts_order` ON `sales_facts` (`order_id`);--> statement-breakpoint
CREATE INDEX `sales_facts_product` ON `sales_facts` (`product_id`,`order_date`,`amount`,`cost`,`qty_milli`);--> statement-breakpoint
CREATE INDEX `sales_facts_customer` ON `sales_facts` (`customer_id`,`order_date`,`amount`,`cost`);--> statement-breakpoint
CREATE INDEX `sales_facts_salesperson` ON `sales_facts` (`salesperson_id`,`order_date`,`amount`,`cost`);--> statement-breakpoint
CREATE TABLE `sales_monthly` (
	`dim` text NOT NULL,
	`month` text NOT NULL,
	`key_id` text NOT NULL,
	`qty_milli` integer DEFAULT 0 NOT NULL,
	`amount` integer DEFAULT 0 NOT NULL,
	`tax` integer DEFAULT 0 NOT NULL,
	`cost` integer DEFAULT 0 NOT NULL,
	`lines` integer DEFAULT 0 NOT NULL,
	`lines_without_cost` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`dim`, `month`, `key_id`)
);
--> statement-breakpoint
CREATE INDEX `sales_monthly_key` ON `sales_monthly` (`dim`,`key_id`,`month`);--> statement-breakpoint
CREATE TABLE `sales_order_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`order_id` text NOT NULL,
	`line_no` integer NOT NULL,
	`product_id` text NOT NULL,
	`product_code` text NOT NULL,
	`product_name` text NOT NULL,
	`spec` text,
	`unit` text,
	`qty_milli` integer NOT NULL,
	`unit_price` integer NOT NULL,
	`discount_permille` integer DEFAULT 0 NOT NULL,
	`tax_rate` integer NOT NULL,
	`net_unit_price` integer NOT NULL,
	`amount` integer NOT NULL,
	`tax` integer NOT NULL,
	`total` integer NOT NULL,
	`list_price` integer DEFAULT 0 NOT NULL,
	`below_floor` integer DEFAULT false NOT NULL,
	`note` text,
	`customer_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`order_date` text NOT NULL,
	`unit_cost` integer,
	`cost` integer
);
--> statement-breakpoint
CREATE INDEX `sales_order_lines_order` ON `sales_order_lines` (`order_id`,`line_no`);--> statement-breakpoint
CREATE INDEX `sales_order_lines_product` ON `sales_order_lines` (`product_id`,`order_date`);--> statement-breakpoint
CREATE TABLE `sales_orders` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`number` text NOT NULL,
	`number_status` text NOT NULL,
	`number_rule` text NOT NULL,
	`provisional_number` text,
	`quote_id` text,
	`customer_id` text NOT NULL,
	`contact_id` text,
	`opportunity_id` text,
	`owner_id` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`order_date` text NOT NULL,
	`delivery_date` text,
	`payment_terms` text,
	`price_includes_tax` integer DEFAULT true NOT NULL,
	`subtotal` integer DEFAULT 0 NOT NULL,
	`tax_total` integer DEFAULT 0 NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`max_discount_permille` integer DEFAULT 0 NOT NULL,
	`below_floor` integer DEFAULT false NOT NULL,
	`cost_total` integer,
	`notes` text,
	`approved_at` integer,
	`reversed_at` integer,
	`reversed_by` text,
	`reversal_reason` text
);
--> statement-breakpoint
CREATE INDEX `sales_orders_owner` ON `sales_orders` (`owner_id`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `sales_orders_customer` ON `sales_orders` (`customer_id`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `sales_orders_recent` ON `sales_orders` (`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `sales_orders_quote` ON `sales_orders` (`quote_id`);--> statement-breakpoint
CREATE INDEX `sales_orders_number` ON `sales_orders` (`number`);