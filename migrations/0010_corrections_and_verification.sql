CREATE TABLE `correction_reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`organisation_id` integer NOT NULL,
	`request_id` integer,
	`problems` text DEFAULT '' NOT NULL,
	`details` text DEFAULT '' NOT NULL,
	`proposed` text DEFAULT '{}' NOT NULL,
	`reporter_name` text,
	`reporter_email` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`handled_at` text,
	`handled_by` integer,
	`handled_note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`request_id`) REFERENCES `verification_requests`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`handled_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "correction_reports_status_values" CHECK("correction_reports"."status" IN ('pending', 'applied', 'rejected'))
);
--> statement-breakpoint
CREATE INDEX `correction_reports_status_idx` ON `correction_reports` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `correction_reports_organisation_idx` ON `correction_reports` (`organisation_id`);--> statement-breakpoint
CREATE TABLE `mail_outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`text` text NOT NULL,
	`html` text NOT NULL,
	`request_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` text NOT NULL,
	`last_error` text,
	`sent_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`request_id`) REFERENCES `verification_requests`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "mail_outbox_status_values" CHECK("mail_outbox"."status" IN ('pending', 'sent', 'failed'))
);
--> statement-breakpoint
CREATE INDEX `mail_outbox_due_idx` ON `mail_outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `verification_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`round_id` integer NOT NULL,
	`organisation_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`token_salt` text NOT NULL,
	`recipient` text,
	`expires_at` text NOT NULL,
	`revoked_at` text,
	`opened_at` text,
	`answered_at` text,
	`answer` text,
	`reminded_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`round_id`) REFERENCES `verification_rounds`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`organisation_id`) REFERENCES `organisations`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `verification_requests_token_unique` ON `verification_requests` (`token_hash`);--> statement-breakpoint
CREATE INDEX `verification_requests_round_idx` ON `verification_requests` (`round_id`);--> statement-breakpoint
CREATE TABLE `verification_rounds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by` integer,
	`expires_at` text NOT NULL,
	`reminder_after_days` integer DEFAULT 0 NOT NULL,
	`verified_permille_before` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
