import { asc, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { crisisLines, type CrisisLine } from '../db/schema.js';

/** The crisis box's lines, in the coordination's order. */
export function listCrisisLines(db: Db): CrisisLine[] {
  return db.select().from(crisisLines).orderBy(asc(crisisLines.position), asc(crisisLines.id)).all();
}

export function insertCrisisLine(db: Db, line: { label: string; number: string; position: number }): CrisisLine {
  return db.insert(crisisLines).values(line).returning().get();
}

export function updateCrisisLine(
  db: Db,
  id: number,
  line: { label: string; number: string; position: number },
): CrisisLine | undefined {
  return db.update(crisisLines).set(line).where(eq(crisisLines.id, id)).returning().get();
}

export function deleteCrisisLine(db: Db, id: number): boolean {
  return db.delete(crisisLines).where(eq(crisisLines.id, id)).run().changes > 0;
}

/** One past the last position, so a new line goes to the end by default. */
export function nextCrisisPosition(db: Db): number {
  const lines = listCrisisLines(db);
  return lines.length === 0 ? 1 : Math.max(...lines.map((line) => line.position)) + 1;
}
