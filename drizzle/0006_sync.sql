CREATE TABLE `sync_conflicts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`doc_id` text NOT NULL,
	`doc_type` text NOT NULL,
	`table_name` text NOT NULL,
	`record_id` text NOT NULL,
	`owner_id` text,
	`kind` text NOT NULL,
	`fields` text NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_open` ON `sync_conflicts` (`resolved_at`,`id`);--> statement-breakpoint
CREATE INDEX `sync_conflicts_record` ON `sync_conflicts` (`record_id`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `sync_docs` (
	`id` text PRIMARY KEY NOT NULL,
	`doc_type` text NOT NULL,
	`rev` text NOT NULL,
	`hlc` text NOT NULL,
	`doc` text NOT NULL,
	`dirty` integer DEFAULT 0 NOT NULL,
	`acked_hlc` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sync_docs_dirty` ON `sync_docs` (`dirty`) WHERE dirty = 1;