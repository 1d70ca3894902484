-- The person designated for a thème must work at the organisation listed under that thème.
CREATE TRIGGER organisation_themes_contact_same_org_insert
BEFORE INSERT ON organisation_themes
WHEN NEW.contact_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND organisation_id = NEW.organisation_id)
BEGIN
  SELECT RAISE(ABORT, 'organisation_themes.contact_id must belong to the same organisation');
END;
--> statement-breakpoint
CREATE TRIGGER organisation_themes_contact_same_org_update
BEFORE UPDATE OF contact_id, organisation_id ON organisation_themes
WHEN NEW.contact_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM contacts WHERE id = NEW.contact_id AND organisation_id = NEW.organisation_id)
BEGIN
  SELECT RAISE(ABORT, 'organisation_themes.contact_id must belong to the same organisation');
END;
--> statement-breakpoint
-- A person who moves to another organisation stops being the designated contact of the old one.
CREATE TRIGGER contacts_moved_clear_theme_links
AFTER UPDATE OF organisation_id ON contacts
WHEN NEW.organisation_id <> OLD.organisation_id
BEGIN
  UPDATE organisation_themes SET contact_id = NULL
  WHERE contact_id = NEW.id AND organisation_id <> NEW.organisation_id;
END;
