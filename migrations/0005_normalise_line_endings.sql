-- Decision 054: texts are stored with LF line endings only. Forms used to save the CRLF that browsers send,
-- which an unchanged export then re-imported as a change. Same meaning, so versions and dates stay as they are.
UPDATE organisations SET
  name = replace(replace(name, char(13) || char(10), char(10)), char(13), char(10)),
  acronym = replace(replace(acronym, char(13) || char(10), char(10)), char(13), char(10)),
  summary = replace(replace(summary, char(13) || char(10), char(10)), char(13), char(10)),
  description = replace(replace(description, char(13) || char(10), char(10)), char(13), char(10)),
  clientele = replace(replace(clientele, char(13) || char(10), char(10)), char(13), char(10)),
  territory = replace(replace(territory, char(13) || char(10), char(10)), char(13), char(10)),
  address = replace(replace(address, char(13) || char(10), char(10)), char(13), char(10)),
  city = replace(replace(city, char(13) || char(10), char(10)), char(13), char(10)),
  hours = replace(replace(hours, char(13) || char(10), char(10)), char(13), char(10)),
  referral = replace(replace(referral, char(13) || char(10), char(10)), char(13), char(10)),
  cost = replace(replace(cost, char(13) || char(10), char(10)), char(13), char(10)),
  languages = replace(replace(languages, char(13) || char(10), char(10)), char(13), char(10)),
  accessibility = replace(replace(accessibility, char(13) || char(10), char(10)), char(13), char(10))
WHERE instr(name || coalesce(acronym, '') || summary || description || coalesce(clientele, '') || coalesce(territory, '')
  || coalesce(address, '') || coalesce(city, '') || coalesce(hours, '') || coalesce(referral, '') || coalesce(cost, '')
  || coalesce(languages, '') || coalesce(accessibility, ''), char(13)) > 0;
--> statement-breakpoint
UPDATE contacts SET
  name = replace(replace(name, char(13) || char(10), char(10)), char(13), char(10)),
  role = replace(replace(role, char(13) || char(10), char(10)), char(13), char(10))
WHERE instr(name || role, char(13)) > 0;
--> statement-breakpoint
UPDATE themes SET
  name = replace(replace(name, char(13) || char(10), char(10)), char(13), char(10)),
  description = replace(replace(description, char(13) || char(10), char(10)), char(13), char(10))
WHERE instr(name || description, char(13)) > 0;
--> statement-breakpoint
UPDATE organisation_themes SET note = replace(replace(note, char(13) || char(10), char(10)), char(13), char(10))
WHERE instr(note, char(13)) > 0;
