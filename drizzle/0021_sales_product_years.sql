CREATE TABLE `sales_product_years` (
	`year` text NOT NULL,
	`product_id` text NOT NULL,
	`qty_milli` integer DEFAULT 0 NOT NULL,
	`amount` integer DEFAULT 0 NOT NULL,
	`tax` integer DEFAULT 0 NOT NULL,
	`cost` integer DEFAULT 0 NOT NULL,
	`lines` integer DEFAULT 0 NOT NULL,
	`lines_without_cost` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`year`, `product_id`)
);
--> statement-breakpoint
-- Backfill from the monthly rollup (databases that already hold approved orders), before the index.
INSERT INTO `sales_product_years` (`year`, `product_id`, `qty_milli`, `amount`, `tax`, `cost`, `lines`, `lines_without_cost`)
SELECT substr(`month`, 1, 4), `key_id`, SUM(`qty_milli`), SUM(`amount`), SUM(`tax`), SUM(`cost`), SUM(`lines`), SUM(`lines_without_cost`)
FROM `sales_monthly` WHERE `dim` = 'product' GROUP BY substr(`month`, 1, 4), `key_id` HAVING SUM(`lines`) > 0;
--> statement-breakpoint
CREATE INDEX `sales_product_years_rank` ON `sales_product_years` (`year`,`amount`,`product_id`);