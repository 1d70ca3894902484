ALTER TABLE `contacts` ADD `open_data_consent_at` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `open_data_consent_by` integer REFERENCES users(id) ON DELETE set null;