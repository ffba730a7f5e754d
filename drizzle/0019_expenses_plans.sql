CREATE TABLE `expense_budgets` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`office_id` text NOT NULL,
	`month` text NOT NULL,
	`amount` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `expense_budgets_month` ON `expense_budgets` (`month`,`office_id`);--> statement-breakpoint
CREATE TABLE `expense_receipts` (
	`ref` text PRIMARY KEY NOT NULL,
	`mime` text NOT NULL,
	`bytes` blob NOT NULL,
	`size` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `expenses` (
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
	`customer_id` text NOT NULL,
	`order_id` text,
	`office_id` text,
	`category` text NOT NULL,
	`amount` integer NOT NULL,
	`expense_date` text NOT NULL,
	`month` text NOT NULL,
	`description` text,
	`receipt_ref` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`submitted_at` integer,
	`decided_at` integer
);
--> statement-breakpoint
CREATE INDEX `expenses_owner` ON `expenses` (`owner_id`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `expenses_customer` ON `expenses` (`customer_id`,`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `expenses_recent` ON `expenses` (`deleted_at`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `expenses_budget` ON `expenses` (`office_id`,`month`,`status`,`amount`);--> statement-breakpoint
CREATE TABLE `sales_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`period` text NOT NULL,
	`scope` text NOT NULL,
	`target_id` text NOT NULL,
	`category_id` text,
	`amount` integer NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `sales_plans_period` ON `sales_plans` (`period`,`scope`,`target_id`);