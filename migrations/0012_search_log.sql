CREATE TABLE `search_log` (
	`day` text NOT NULL,
	`words` text NOT NULL,
	`searches` integer DEFAULT 0 NOT NULL,
	`empty_searches` integer DEFAULT 0 NOT NULL,
	`last_results` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`day`, `words`)
);
