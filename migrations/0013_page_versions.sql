CREATE TABLE `page_versions` (
	`scope` text PRIMARY KEY NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);--> statement-breakpoint
-- Hand-written (decision 104): an organisation's page moves with its own row, people and thème links;
-- every page moves with the thèmes and site settings (the layout's demo notice).

CREATE TRIGGER `page_versions_organisations_insert` AFTER INSERT ON `organisations` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || NEW.`id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_organisations_update` AFTER UPDATE ON `organisations` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || NEW.`id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_organisations_delete` AFTER DELETE ON `organisations` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || OLD.`id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_contacts_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || NEW.`organisation_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_contacts_update` AFTER UPDATE ON `contacts` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || NEW.`organisation_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || OLD.`organisation_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_contacts_delete` AFTER DELETE ON `contacts` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || OLD.`organisation_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_organisation_themes_insert` AFTER INSERT ON `organisation_themes` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || NEW.`organisation_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_organisation_themes_update` AFTER UPDATE ON `organisation_themes` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || NEW.`organisation_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || OLD.`organisation_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_organisation_themes_delete` AFTER DELETE ON `organisation_themes` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('org:' || OLD.`organisation_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_themes_insert` AFTER INSERT ON `themes` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('shared', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_themes_update` AFTER UPDATE ON `themes` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('shared', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_themes_delete` AFTER DELETE ON `themes` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('shared', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_site_meta_insert` AFTER INSERT ON `site_meta` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('shared', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_site_meta_update` AFTER UPDATE ON `site_meta` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('shared', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_site_meta_delete` AFTER DELETE ON `site_meta` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('shared', 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
