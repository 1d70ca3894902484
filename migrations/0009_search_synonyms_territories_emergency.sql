CREATE TABLE `search_synonyms` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`word` text NOT NULL,
	`equivalents` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_synonyms_word_unique` ON `search_synonyms` (`word`);--> statement-breakpoint
CREATE TABLE `territories` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` integer,
	`aliases` text DEFAULT '' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `territories`(`id`) ON UPDATE no action ON DELETE restrict,
	CONSTRAINT "territories_kind_values" CHECK("territories"."kind" IN ('region', 'mrc', 'municipalite'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `territories_name_unique` ON `territories` (`name`);--> statement-breakpoint
CREATE INDEX `territories_parent_idx` ON `territories` (`parent_id`);--> statement-breakpoint
ALTER TABLE `organisations` ADD `emergency` integer DEFAULT false NOT NULL;