import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { hsdsSourceIds, type HsdsSourceKind } from '../db/schema.js';

/** `organization:12`, `contact:40` → the id the source package gave that row (decision 074). */
export type SourceIdMap = Map<string, string>;

export const sourceKey = (kind: HsdsSourceKind, localId: number) => `${kind}:${localId}`;

export function loadSourceIds(db: Db): SourceIdMap {
  const rows = db.select().from(hsdsSourceIds).all();
  return new Map(
    rows.map((r) => [sourceKey(r.kind, r.kind === 'contact' ? r.contactId! : r.organisationId), r.sourceId]),
  );
}

/** Records (or replaces) the source id of an organisation's own row: organization, service or location. */
export function recordOrganisationSourceId(
  db: Db,
  kind: Exclude<HsdsSourceKind, 'contact'>,
  organisationId: number,
  sourceId: string,
): void {
  db.delete(hsdsSourceIds)
    .where(and(eq(hsdsSourceIds.kind, kind), eq(hsdsSourceIds.sourceId, sourceId)))
    .run();
  db.delete(hsdsSourceIds)
    .where(
      and(
        eq(hsdsSourceIds.kind, kind),
        eq(hsdsSourceIds.organisationId, organisationId),
        isNull(hsdsSourceIds.contactId),
      ),
    )
    .run();
  db.insert(hsdsSourceIds).values({ kind, sourceId, organisationId }).run();
}

/** Records (or replaces) the source id of a personne-ressource. */
export function recordContactSourceId(db: Db, organisationId: number, contactId: number, sourceId: string): void {
  db.delete(hsdsSourceIds)
    .where(and(eq(hsdsSourceIds.kind, 'contact'), eq(hsdsSourceIds.sourceId, sourceId)))
    .run();
  db.delete(hsdsSourceIds).where(eq(hsdsSourceIds.contactId, contactId)).run();
  db.insert(hsdsSourceIds).values({ kind: 'contact', sourceId, organisationId, contactId }).run();
}
