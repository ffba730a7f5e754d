CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`customer_id` text NOT NULL,
	`name` text NOT NULL,
	`title` text,
	`mobile` text,
	`phone` text,
	`email` text,
	`wechat` text,
	`birthday` text,
	`is_primary` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contacts_customer` ON `contacts` (`customer_id`);--> statement-breakpoint
CREATE TABLE `customer_fields` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`options` text DEFAULT '[]' NOT NULL,
	`sort` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_fields_key` ON `customer_fields` (`key`);--> statement-breakpoint
CREATE TABLE `customer_keys` (
	`customer_id` text NOT NULL,
	`key` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_keys_key` ON `customer_keys` (`key`,`customer_id`);--> statement-breakpoint
CREATE INDEX `customer_keys_customer` ON `customer_keys` (`customer_id`);--> statement-breakpoint
CREATE TABLE `customer_levels` (
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
	`sort` integer DEFAULT 0 NOT NULL,
	`pool_days` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_levels_code` ON `customer_levels` (`code`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`owner_id` text,
	`name` text NOT NULL,
	`name_norm` text NOT NULL,
	`pinyin` text NOT NULL,
	`credit_code` text,
	`level` text,
	`category` text,
	`industry` text,
	`source` text,
	`province` text,
	`city` text,
	`address` text,
	`phone` text,
	`website` text,
	`tags` text DEFAULT '[]' NOT NULL,
	`status` text DEFAULT 'potential' NOT NULL,
	`notes` text,
	`custom` text DEFAULT '{}' NOT NULL,
	`last_followup_at` integer,
	`released_at` integer,
	`previous_owner_id` text,
	`locked` integer DEFAULT false NOT NULL,
	`won` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `customers_owner_updated` ON `customers` (`owner_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `customers_updated` ON `customers` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `customers_name_norm` ON `customers` (`name_norm`);--> statement-breakpoint
CREATE INDEX `customers_pinyin` ON `customers` (`pinyin`);--> statement-breakpoint
CREATE INDEX `customers_credit_code` ON `customers` (`credit_code`);--> statement-breakpoint
CREATE INDEX `customers_level` ON `customers` (`level`,`updated_at`);--> statement-breakpoint
CREATE INDEX `customers_status` ON `customers` (`status`,`updated_at`);--> statement-breakpoint
CREATE TABLE `saved_views` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`owner_id` text NOT NULL,
	`module` text NOT NULL,
	`name` text NOT NULL,
	`query` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `saved_views_owner` ON `saved_views` (`owner_id`,`module`);