CREATE TABLE `crisis_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`label` text NOT NULL,
	`number` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
-- Lines every Quebec sheet starts with; the coordination edits them under /admin/urgences.
INSERT INTO `crisis_lines` (`label`, `number`, `position`) VALUES
  ('Urgence (police, ambulance, pompiers)', '911', 1),
  ('Info-Santé et Info-Social', '811', 2),
  ('Prévention du suicide', '1 866 APPELLE (277-3553)', 3);
