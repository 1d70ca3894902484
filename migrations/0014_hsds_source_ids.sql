CREATE TABLE `hsds_source_ids` (
	`kind` text NOT NULL,
	`source_id` text NOT NULL,
	`organisation_id` integer NOT NULL,
	`contact_id` integer,
	PRIMARY KEY(`kind`, `source_id`),
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "hsds_source_ids_kind_values" CHECK("hsds_source_ids"."kind" IN ('organization', 'service', 'location', 'contact') AND ("hsds_source_ids"."kind" = 'contact') = ("hsds_source_ids"."contact_id" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hsds_source_ids_one_per_organisation` ON `hsds_source_ids` (`kind`,`organisation_id`) WHERE "hsds_source_ids"."contact_id" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `hsds_source_ids_one_per_contact` ON `hsds_source_ids` (`contact_id`) WHERE "hsds_source_ids"."contact_id" IS NOT NULL;