CREATE TABLE `customer_followup_stats` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`last_at` integer,
	`second_at` integer,
	`third_at` integer,
	`followup_owner` text
);
--> statement-breakpoint
CREATE TABLE `opportunity_pipeline` (
	`opportunity_id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`owner_id` text NOT NULL,
	`stage` text NOT NULL,
	`amount` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expected_close_date` text,
	`last_at` integer,
	`third_at` integer,
	`followup_owner` text
);
--> statement-breakpoint
CREATE INDEX `opportunity_pipeline_stage` ON `opportunity_pipeline` (`stage`,`owner_id`,`amount`,`created_at`,`expected_close_date`,`last_at`,`third_at`,`followup_owner`,`customer_id`);--> statement-breakpoint
CREATE INDEX `opportunity_pipeline_close` ON `opportunity_pipeline` (`expected_close_date`,`owner_id`,`stage`,`amount`,`created_at`,`last_at`,`third_at`,`followup_owner`,`customer_id`);--> statement-breakpoint
CREATE INDEX `opportunity_pipeline_customer` ON `opportunity_pipeline` (`customer_id`);--> statement-breakpoint
CREATE TABLE `opportunity_stage_totals` (
	`stage` text NOT NULL,
	`owner_id` text NOT NULL,
	`n` integer DEFAULT 0 NOT NULL,
	`amount` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`stage`, `owner_id`)
);
