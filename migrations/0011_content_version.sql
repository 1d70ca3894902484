CREATE TABLE `content_version` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "content_version_single_row" CHECK("content_version"."id" = 1)
);--> statement-breakpoint
-- Hand-written: every write to directory content bumps the counter; sessions, accounts, revisions do not.
-- Content includes what the public pages read besides entries: crisis lines (the Arbre), synonyms and
-- territories (search).
INSERT INTO `content_version` (`id`, `version`) VALUES (1, 0);--> statement-breakpoint
CREATE TRIGGER `content_version_organisations_insert` AFTER INSERT ON `organisations` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_organisations_update` AFTER UPDATE ON `organisations` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_organisations_delete` AFTER DELETE ON `organisations` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_contacts_insert` AFTER INSERT ON `contacts` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_contacts_update` AFTER UPDATE ON `contacts` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_contacts_delete` AFTER DELETE ON `contacts` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_themes_insert` AFTER INSERT ON `themes` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_themes_update` AFTER UPDATE ON `themes` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_themes_delete` AFTER DELETE ON `themes` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_organisation_themes_insert` AFTER INSERT ON `organisation_themes` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_organisation_themes_update` AFTER UPDATE ON `organisation_themes` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_organisation_themes_delete` AFTER DELETE ON `organisation_themes` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_slug_redirects_insert` AFTER INSERT ON `slug_redirects` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_slug_redirects_update` AFTER UPDATE ON `slug_redirects` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_slug_redirects_delete` AFTER DELETE ON `slug_redirects` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_site_meta_insert` AFTER INSERT ON `site_meta` WHEN NEW.`key` = 'dataset' BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_site_meta_update` AFTER UPDATE ON `site_meta` WHEN NEW.`key` = 'dataset' BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_site_meta_delete` AFTER DELETE ON `site_meta` WHEN OLD.`key` = 'dataset' BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_crisis_lines_insert` AFTER INSERT ON `crisis_lines` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_crisis_lines_update` AFTER UPDATE ON `crisis_lines` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_crisis_lines_delete` AFTER DELETE ON `crisis_lines` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_search_synonyms_insert` AFTER INSERT ON `search_synonyms` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_search_synonyms_update` AFTER UPDATE ON `search_synonyms` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_search_synonyms_delete` AFTER DELETE ON `search_synonyms` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_territories_insert` AFTER INSERT ON `territories` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_territories_update` AFTER UPDATE ON `territories` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;--> statement-breakpoint
CREATE TRIGGER `content_version_territories_delete` AFTER DELETE ON `territories` BEGIN
  UPDATE `content_version` SET `version` = `version` + 1 WHERE `id` = 1;
END;
