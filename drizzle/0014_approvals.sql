CREATE TABLE `approval_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	`updated_at` integer NOT NULL,
	`updated_by` text,
	`deleted_at` integer,
	`hlc` text NOT NULL,
	`field_hlc` text DEFAULT '{}' NOT NULL,
	`sync_rev` text,
	`instance_id` text NOT NULL,
	`step` integer NOT NULL,
	`approver_id` text NOT NULL,
	`decision` text NOT NULL,
	`comment` text NOT NULL,
	`decided_at` integer NOT NULL,
	`decided_hlc` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `approval_decisions_instance` ON `approval_decisions` (`instance_id`,`decided_hlc`);--> statement-breakpoint
CREATE INDEX `approval_decisions_approver` ON `approval_decisions` (`approver_id`,`decided_at`,`id`);--> statement-breakpoint
CREATE TABLE `approval_dirty` (
	`instance_id` text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `approval_flows` (
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
	`name` text NOT NULL,
	`enabled` integer NOT NULL,
	`priority` integer NOT NULL,
	`conditions` text NOT NULL,
	`steps` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `approval_flows_type` ON `approval_flows` (`document_type`,`priority`);--> statement-breakpoint
CREATE TABLE `approval_inbox` (
	`instance_id` text NOT NULL,
	`user_id` text NOT NULL,
	`step` integer NOT NULL,
	`since` integer NOT NULL,
	PRIMARY KEY(`instance_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `approval_inbox_user` ON `approval_inbox` (`user_id`,`since`,`instance_id`);--> statement-breakpoint
CREATE TABLE `approval_instances` (
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
	`document_id` text NOT NULL,
	`document_title` text NOT NULL,
	`amount` integer NOT NULL,
	`customer_id` text,
	`submitter_id` text NOT NULL,
	`flow_id` text,
	`flow_name` text,
	`steps` text NOT NULL,
	`status` text NOT NULL,
	`current_step` integer NOT NULL,
	`submitted_at` integer NOT NULL,
	`submit_hlc` text NOT NULL,
	`decided_at` integer,
	`basis` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `approval_instances_submitter` ON `approval_instances` (`submitter_id`,`submitted_at`,`id`);--> statement-breakpoint
CREATE INDEX `approval_instances_document` ON `approval_instances` (`document_type`,`document_id`,`submitted_at`);--> statement-breakpoint
CREATE TABLE `approval_notices` (
	`key` text PRIMARY KEY NOT NULL,
	`notified_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `approval_superseded` (
	`decision_id` text PRIMARY KEY NOT NULL,
	`instance_id` text NOT NULL,
	`approver_id` text NOT NULL,
	`by_approver_id` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `approval_superseded_instance` ON `approval_superseded` (`instance_id`);--> statement-breakpoint
CREATE INDEX `approval_superseded_at` ON `approval_superseded` (`at`);