CREATE INDEX `contacts_updated_at_idx` ON `contacts` (`updated_at`);--> statement-breakpoint
CREATE INDEX `organisations_status_territory_idx` ON `organisations` (`status`,`territory`);--> statement-breakpoint
CREATE INDEX `organisations_updated_at_idx` ON `organisations` (`updated_at`);