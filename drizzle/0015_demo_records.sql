CREATE TABLE `demo_records` (
	`table_name` text NOT NULL,
	`record_id` text NOT NULL,
	PRIMARY KEY(`table_name`, `record_id`)
);
