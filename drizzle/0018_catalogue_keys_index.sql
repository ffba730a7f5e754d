DROP INDEX `product_keys_product`;--> statement-breakpoint
CREATE INDEX `product_keys_product` ON `product_keys` (`product_id`,`key`);