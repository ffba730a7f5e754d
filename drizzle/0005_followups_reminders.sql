CREATE TABLE `followups` (
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
	`owner_id` text NOT NULL,
	`type` text NOT NULL,
	`at` integer NOT NULL,
	`content` text NOT NULL,
	`contact_id` text,
	`opportunity_id` text,
	`stage` text,
	`next_step` text,
	`next_at` integer
);
--> statement-breakpoint
CREATE INDEX `followups_customer_at` ON `followups` (`customer_id`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `followups_owner_at` ON `followups` (`owner_id`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `followups_at` ON `followups` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `followups_opportunity` ON `followups` (`opportunity_id`);--> statement-breakpoint
CREATE TABLE `opportunities` (
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
	`owner_id` text NOT NULL,
	`name` text NOT NULL,
	`stage` text NOT NULL,
	`amount` integer DEFAULT 0 NOT NULL,
	`expected_close_date` text,
	`loss_reason` text,
	`notes` text,
	`closed_at` integer
);
--> statement-breakpoint
CREATE INDEX `opportunities_owner_updated` ON `opportunities` (`owner_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_customer_updated` ON `opportunities` (`customer_id`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_updated` ON `opportunities` (`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_stage_owner` ON `opportunities` (`stage`,`owner_id`);--> statement-breakpoint
CREATE INDEX `opportunities_close_owner` ON `opportunities` (`expected_close_date`,`owner_id`);--> statement-breakpoint
CREATE TABLE `opportunity_stages` (
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
	`name` text NOT NULL,
	`probability` integer NOT NULL,
	`sort` integer NOT NULL,
	`kind` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `opportunity_stages_key` ON `opportunity_stages` (`key`);--> statement-breakpoint
CREATE TABLE `reminder_notifications` (
	`reminder_id` text PRIMARY KEY NOT NULL,
	`fire_at` integer NOT NULL,
	`notified_at` integer NOT NULL,
	`late` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reminders` (
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
	`title` text NOT NULL,
	`body` text,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`snoozed_until` integer,
	`fire_at` integer DEFAULT 0 NOT NULL,
	`done_at` integer,
	`source_type` text,
	`source_id` text,
	`customer_id` text
);
--> statement-breakpoint
CREATE INDEX `reminders_owner_status_fire` ON `reminders` (`owner_id`,`status`,`fire_at`);--> statement-breakpoint
CREATE INDEX `reminders_status_fire` ON `reminders` (`status`,`fire_at`);--> statement-breakpoint
CREATE INDEX `reminders_source` ON `reminders` (`source_type`,`source_id`);--> statement-breakpoint
CREATE INDEX `reminders_customer` ON `reminders` (`customer_id`,`status`);