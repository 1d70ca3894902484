CREATE INDEX `contacts_organisation_verified_idx` ON `contacts` (`organisation_id`,`verified_at`);--> statement-breakpoint
CREATE INDEX `organisations_status_verified_idx` ON `organisations` (`status`,`verified_at`);--> statement-breakpoint
CREATE INDEX `organisations_status_phone_idx` ON `organisations` (`status`,`phone`);