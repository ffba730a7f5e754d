DROP INDEX `customers_pinyin`;--> statement-breakpoint
CREATE INDEX `customers_owner_created` ON `customers` (`owner_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `customers_created` ON `customers` (`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `customers_owner_pinyin` ON `customers` (`owner_id`,`pinyin`,`name`,`id`);--> statement-breakpoint
CREATE INDEX `customers_owner_followup` ON `customers` (`owner_id`,ifnull(last_followup_at, -1),`id`);--> statement-breakpoint
CREATE INDEX `customers_followup` ON `customers` (ifnull(last_followup_at, -1),`id`);--> statement-breakpoint
CREATE INDEX `customers_pinyin` ON `customers` (`pinyin`,`name`,`id`);