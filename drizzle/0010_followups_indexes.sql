DROP INDEX `followups_customer_at`;--> statement-breakpoint
DROP INDEX `followups_owner_at`;--> statement-breakpoint
DROP INDEX `followups_at`;--> statement-breakpoint
CREATE INDEX `followups_customer` ON `followups` (`customer_id`,`deleted_at`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `followups_owner` ON `followups` (`owner_id`,`deleted_at`,`at`,`id`);--> statement-breakpoint
CREATE INDEX `followups_recent` ON `followups` (`deleted_at`,`at`,`id`,`owner_id`,`customer_id`);--> statement-breakpoint
DROP INDEX `opportunities_owner_updated`;--> statement-breakpoint
DROP INDEX `opportunities_customer_updated`;--> statement-breakpoint
DROP INDEX `opportunities_updated`;--> statement-breakpoint
DROP INDEX `opportunities_stage_owner`;--> statement-breakpoint
DROP INDEX `opportunities_close_owner`;--> statement-breakpoint
CREATE INDEX `opportunities_owner` ON `opportunities` (`owner_id`,`deleted_at`,`updated_at`,`id`,`stage`);--> statement-breakpoint
CREATE INDEX `opportunities_customer` ON `opportunities` (`customer_id`,`deleted_at`,`updated_at`,`id`);--> statement-breakpoint
CREATE INDEX `opportunities_live_updated` ON `opportunities` (`deleted_at`,`updated_at`,`id`,`owner_id`,`stage`);--> statement-breakpoint
CREATE INDEX `opportunities_stage_cover` ON `opportunities` (`stage`,`owner_id`,`deleted_at`,`amount`,`customer_id`,`created_at`,`expected_close_date`);--> statement-breakpoint
CREATE INDEX `opportunities_close_cover` ON `opportunities` (`deleted_at`,`expected_close_date`,`owner_id`,`stage`,`amount`,`customer_id`,`created_at`);