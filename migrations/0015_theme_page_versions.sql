-- Hand-written (decision 104): a thème page moves with its thème links and with the organisations and people
-- listed on it; the `shared` version (thèmes, site settings) covers the rest.
CREATE TRIGGER `page_versions_theme_organisations_insert` AFTER INSERT ON `organisations` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`)
    SELECT 'theme:' || `theme_id`, 1 FROM `organisation_themes` WHERE `organisation_id` = NEW.`id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_theme_organisations_update` AFTER UPDATE ON `organisations` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`)
    SELECT 'theme:' || `theme_id`, 1 FROM `organisation_themes` WHERE `organisation_id` = NEW.`id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_theme_organisations_delete` AFTER DELETE ON `organisations` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`)
    SELECT 'theme:' || `theme_id`, 1 FROM `organisation_themes` WHERE `organisation_id` = OLD.`id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_theme_contacts_insert` AFTER INSERT ON `contacts` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`)
    SELECT 'theme:' || `theme_id`, 1 FROM `organisation_themes` WHERE `organisation_id` = NEW.`organisation_id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_theme_contacts_update` AFTER UPDATE ON `contacts` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`)
    SELECT 'theme:' || `theme_id`, 1 FROM `organisation_themes` WHERE `organisation_id` = NEW.`organisation_id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `page_versions` (`scope`, `version`)
    SELECT 'theme:' || `theme_id`, 1 FROM `organisation_themes` WHERE `organisation_id` = OLD.`organisation_id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_theme_contacts_delete` AFTER DELETE ON `contacts` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`)
    SELECT 'theme:' || `theme_id`, 1 FROM `organisation_themes` WHERE `organisation_id` = OLD.`organisation_id`
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_theme_organisation_themes_insert` AFTER INSERT ON `organisation_themes` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('theme:' || NEW.`theme_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_theme_organisation_themes_update` AFTER UPDATE ON `organisation_themes` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('theme:' || NEW.`theme_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('theme:' || OLD.`theme_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;--> statement-breakpoint
CREATE TRIGGER `page_versions_theme_organisation_themes_delete` AFTER DELETE ON `organisation_themes` BEGIN
  INSERT INTO `page_versions` (`scope`, `version`) VALUES ('theme:' || OLD.`theme_id`, 1)
    ON CONFLICT (`scope`) DO UPDATE SET `version` = `version` + 1;
END;
