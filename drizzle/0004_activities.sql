CREATE TABLE `activities` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`at` integer NOT NULL,
	`actor_id` text,
	`owner_id` text,
	`customer_id` text,
	`kind` text NOT NULL,
	`summary_key` text NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`record_id` text,
	`body` text
);
--> statement-breakpoint
CREATE INDEX `activities_customer_at` ON `activities` (`customer_id`,`at`);--> statement-breakpoint
CREATE INDEX `activities_actor_at` ON `activities` (`actor_id`,`at`);--> statement-breakpoint
CREATE INDEX `activities_owner_at` ON `activities` (`owner_id`,`at`);