CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`name` text NOT NULL,
	`role` text DEFAULT '' NOT NULL,
	`phone` text,
	`phone_extension` text,
	`email` text,
	`is_primary` integer DEFAULT false NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`verified_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contacts_organisation_idx` ON `contacts` (`organisation_id`,`position`);--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_one_primary_per_organisation` ON `contacts` (`organisation_id`) WHERE "contacts"."is_primary" = 1;--> statement-breakpoint
CREATE TABLE `organisation_themes` (
	`organisation_id` integer NOT NULL,
	`theme_id` integer NOT NULL,
	`note` text,
	`contact_id` integer,
	PRIMARY KEY(`organisation_id`, `theme_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`theme_id`) REFERENCES `themes`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `organisation_themes_theme_idx` ON `organisation_themes` (`theme_id`);--> statement-breakpoint
CREATE INDEX `organisation_themes_contact_idx` ON `organisation_themes` (`contact_id`);--> statement-breakpoint
CREATE TABLE `organisations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`acronym` text,
	`summary` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`clientele` text,
	`audiences` text DEFAULT '' NOT NULL,
	`age_min` integer,
	`age_max` integer,
	`territory` text,
	`address` text,
	`city` text,
	`postal_code` text,
	`phone` text,
	`phone_extension` text,
	`toll_free_phone` text,
	`email` text,
	`website` text,
	`hours` text,
	`referral` text,
	`cost` text,
	`languages` text,
	`accessibility` text,
	`status` text DEFAULT 'active' NOT NULL,
	`verified_at` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "organisations_status_values" CHECK("organisations"."status" IN ('active', 'archived')),
	CONSTRAINT "organisations_slug_format" CHECK("organisations"."slug" GLOB '[a-z0-9]*' AND "organisations"."slug" NOT GLOB '*[^a-z0-9-]*'),
	CONSTRAINT "organisations_age_range" CHECK(("organisations"."age_min" IS NULL OR "organisations"."age_min" BETWEEN 0 AND 120) AND ("organisations"."age_max" IS NULL OR "organisations"."age_max" BETWEEN 0 AND 120) AND ("organisations"."age_min" IS NULL OR "organisations"."age_max" IS NULL OR "organisations"."age_min" <= "organisations"."age_max"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `organisations_slug_unique` ON `organisations` (`slug`);--> statement-breakpoint
CREATE INDEX `organisations_status_name_idx` ON `organisations` (`status`,`name`);--> statement-breakpoint
CREATE INDEX `organisations_verified_at_idx` ON `organisations` (`verified_at`);--> statement-breakpoint
CREATE TABLE `site_meta` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `themes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`color` text DEFAULT '#2F5D50' NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`keywords` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "themes_slug_format" CHECK("themes"."slug" GLOB '[a-z0-9]*' AND "themes"."slug" NOT GLOB '*[^a-z0-9-]*'),
	CONSTRAINT "themes_color_format" CHECK("themes"."color" GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `themes_slug_unique` ON `themes` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `themes_name_unique` ON `themes` (`name`);--> statement-breakpoint
CREATE INDEX `themes_position_idx` ON `themes` (`position`);