DROP INDEX `sales_facts_product`;--> statement-breakpoint
CREATE INDEX `sales_facts_product` ON `sales_facts` (`product_id`,`month`,`order_date`,`amount`,`cost`,`qty_milli`);