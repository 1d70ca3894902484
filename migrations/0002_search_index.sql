-- Full-text index of active organisations (issue 3). A regular (not external-content) FTS5 table,
-- rowid = organisations.id, fed by triggers from the view below, so ligatures can be folded and
-- text from contacts and thèmes aggregated. Archived organisations are never indexed.
CREATE VIRTUAL TABLE organisations_fts USING fts5(
  name, acronym, people, themes, body,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3'
);
--> statement-breakpoint
-- Distinct indexed terms and their document counts: the dictionary for spelling suggestions.
CREATE VIRTUAL TABLE organisations_fts_vocab USING fts5vocab(organisations_fts, row);
--> statement-breakpoint
-- One row per active organisation as it must appear in the index; œ/æ are folded because unicode61 keeps them.
CREATE VIEW organisations_fts_source AS
SELECT
  id,
  replace(replace(replace(replace(name, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE') AS name,
  replace(replace(replace(replace(acronym, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE') AS acronym,
  replace(replace(replace(replace(people, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE') AS people,
  replace(replace(replace(replace(themes, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE') AS themes,
  replace(replace(replace(replace(body, 'œ', 'oe'), 'Œ', 'OE'), 'æ', 'ae'), 'Æ', 'AE') AS body
FROM (
  SELECT
    o.id AS id,
    o.name AS name,
    coalesce(o.acronym, '') AS acronym,
    coalesce((SELECT group_concat(c.name || ' — ' || c.role, char(10)) FROM contacts c WHERE c.organisation_id = o.id), '') AS people,
    coalesce((SELECT group_concat(t.name || char(10) || t.keywords, char(10))
              FROM organisation_themes ot JOIN themes t ON t.id = ot.theme_id
              WHERE ot.organisation_id = o.id), '') AS themes,
    concat_ws(char(10), nullif(o.summary, ''), nullif(o.description, ''), o.clientele, o.referral) AS body
  FROM organisations o
  WHERE o.status = 'active'
);
--> statement-breakpoint
INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
SELECT id, name, acronym, people, themes, body FROM organisations_fts_source;
--> statement-breakpoint
CREATE TRIGGER organisations_fts_organisation_insert AFTER INSERT ON organisations BEGIN
  INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
  SELECT id, name, acronym, people, themes, body FROM organisations_fts_source WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER organisations_fts_organisation_update
AFTER UPDATE OF id, name, acronym, summary, description, clientele, referral, status ON organisations BEGIN
  DELETE FROM organisations_fts WHERE rowid IN (OLD.id, NEW.id);
  INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
  SELECT id, name, acronym, people, themes, body FROM organisations_fts_source WHERE id = NEW.id;
END;
--> statement-breakpoint
CREATE TRIGGER organisations_fts_organisation_delete AFTER DELETE ON organisations BEGIN
  DELETE FROM organisations_fts WHERE rowid = OLD.id;
END;
--> statement-breakpoint
CREATE TRIGGER organisations_fts_contact_insert AFTER INSERT ON contacts BEGIN
  DELETE FROM organisations_fts WHERE rowid = NEW.organisation_id;
  INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
  SELECT id, name, acronym, people, themes, body FROM organisations_fts_source WHERE id = NEW.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER organisations_fts_contact_update AFTER UPDATE OF organisation_id, name, role ON contacts BEGIN
  DELETE FROM organisations_fts WHERE rowid IN (OLD.organisation_id, NEW.organisation_id);
  INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
  SELECT id, name, acronym, people, themes, body FROM organisations_fts_source
  WHERE id IN (OLD.organisation_id, NEW.organisation_id);
END;
--> statement-breakpoint
CREATE TRIGGER organisations_fts_contact_delete AFTER DELETE ON contacts BEGIN
  DELETE FROM organisations_fts WHERE rowid = OLD.organisation_id;
  INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
  SELECT id, name, acronym, people, themes, body FROM organisations_fts_source WHERE id = OLD.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER organisations_fts_link_insert AFTER INSERT ON organisation_themes BEGIN
  DELETE FROM organisations_fts WHERE rowid = NEW.organisation_id;
  INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
  SELECT id, name, acronym, people, themes, body FROM organisations_fts_source WHERE id = NEW.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER organisations_fts_link_update AFTER UPDATE OF organisation_id, theme_id ON organisation_themes BEGIN
  DELETE FROM organisations_fts WHERE rowid IN (OLD.organisation_id, NEW.organisation_id);
  INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
  SELECT id, name, acronym, people, themes, body FROM organisations_fts_source
  WHERE id IN (OLD.organisation_id, NEW.organisation_id);
END;
--> statement-breakpoint
CREATE TRIGGER organisations_fts_link_delete AFTER DELETE ON organisation_themes BEGIN
  DELETE FROM organisations_fts WHERE rowid = OLD.organisation_id;
  INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
  SELECT id, name, acronym, people, themes, body FROM organisations_fts_source WHERE id = OLD.organisation_id;
END;
--> statement-breakpoint
CREATE TRIGGER organisations_fts_theme_update AFTER UPDATE OF name, keywords ON themes BEGIN
  DELETE FROM organisations_fts
  WHERE rowid IN (SELECT organisation_id FROM organisation_themes WHERE theme_id = NEW.id);
  INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
  SELECT id, name, acronym, people, themes, body FROM organisations_fts_source
  WHERE id IN (SELECT organisation_id FROM organisation_themes WHERE theme_id = NEW.id);
END;
--> statement-breakpoint
-- Thèmes with links cannot be deleted (ON DELETE RESTRICT); this keeps the index right if that ever changes.
CREATE TRIGGER organisations_fts_theme_delete AFTER DELETE ON themes BEGIN
  DELETE FROM organisations_fts
  WHERE rowid IN (SELECT organisation_id FROM organisation_themes WHERE theme_id = OLD.id);
  INSERT INTO organisations_fts(rowid, name, acronym, people, themes, body)
  SELECT id, name, acronym, people, themes, body FROM organisations_fts_source
  WHERE id IN (SELECT organisation_id FROM organisation_themes WHERE theme_id = OLD.id);
END;
