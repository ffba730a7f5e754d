CREATE TABLE `customer_transfers` (
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
	`kind` text NOT NULL,
	`from_owner_id` text,
	`to_owner_id` text,
	`reason` text NOT NULL,
	`at` integer NOT NULL,
	`by_id` text,
	`claim_id` text
);
--> statement-breakpoint
CREATE INDEX `customer_transfers_customer_at` ON `customer_transfers` (`customer_id`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `customer_transfers_at` ON `customer_transfers` (`at`,`id`);--> statement-breakpoint
CREATE INDEX `customer_transfers_to_at` ON `customer_transfers` (`to_owner_id`,`at`);--> statement-breakpoint
CREATE INDEX `customer_transfers_from_at` ON `customer_transfers` (`from_owner_id`,`at`);--> statement-breakpoint
CREATE TABLE `pool_claim_notices` (
	`claim_id` text PRIMARY KEY NOT NULL,
	`notified_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pool_claims` (
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
	`claimer_id` text NOT NULL,
	`claimed_at` integer NOT NULL,
	`claim_hlc` text NOT NULL,
	`round` integer NOT NULL,
	`status` text NOT NULL,
	`reason_key` text,
	`decided_at` integer
);
--> statement-breakpoint
CREATE INDEX `pool_claims_customer` ON `pool_claims` (`customer_id`,`round`);--> statement-breakpoint
CREATE INDEX `pool_claims_claimer` ON `pool_claims` (`claimer_id`,`claimed_at`);--> statement-breakpoint
CREATE INDEX `pool_claims_status` ON `pool_claims` (`status`,`customer_id`);--> statement-breakpoint
CREATE TABLE `pool_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`default_days` integer NOT NULL,
	`warn_days_before` integer NOT NULL,
	`exempt_won` integer NOT NULL,
	`exempt_locked` integer NOT NULL,
	`daily_claim_cap` integer NOT NULL,
	`hold_cap` integer NOT NULL,
	`hold_cap_counts_won` integer NOT NULL,
	`reclaim_block_days` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pool_warnings` (
	`customer_id` text NOT NULL,
	`deadline` integer NOT NULL,
	`warned_at` integer NOT NULL,
	PRIMARY KEY(`customer_id`, `deadline`)
);
