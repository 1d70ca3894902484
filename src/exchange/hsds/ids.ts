import crypto from 'node:crypto';
import type { Db } from '../../db/client.js';
import type { HsdsSourceKind } from '../../db/schema.js';
import { loadSourceIds, sourceKey, type SourceIdMap } from '../../queries/hsds-source-ids.js';
import { getMeta, setMeta } from '../../queries/site-meta.js';

/** HSDS 3.0 ids are UUIDs: another id kept from a source (a 1.x package's "1") is matched on, never exported. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** RFC 4122 version-5 UUID (SHA-1 of namespace + name). */
export function stableUuid(namespace: string, name: string): string {
  const hash = crypto
    .createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/**
 * HSDS ids derived from this instance's own namespace: the same entry keeps its id in every export (partners
 * update instead of duplicating), and two instances (Rimouski-Neigette, La Mitis…) never share an id.
 */
export class HsdsIds {
  constructor(
    private readonly namespace: string,
    /** Ids kept from imported packages (decision 074): given back instead of this instance's own. */
    private readonly sources: SourceIdMap = new Map(),
  ) {}

  private id(name: string): string {
    return stableUuid(this.namespace, name);
  }

  private kept(kind: HsdsSourceKind, localId: number, own: string): string {
    const source = this.sources.get(sourceKey(kind, localId));
    return source && UUID.test(source) ? source : own;
  }

  /** Every id that names this row in a package: this instance's own, and the one a source gave it. */
  known(kind: HsdsSourceKind, localId: number): string[] {
    const own = this.id(`${kind === 'organization' ? 'organisation' : kind}:${localId}`);
    const source = this.sources.get(sourceKey(kind, localId));
    return source && source !== own ? [own, source] : [own];
  }

  organisation = (id: number) => this.kept('organization', id, this.id(`organisation:${id}`));
  service = (id: number) => this.kept('service', id, this.id(`service:${id}`));
  contact = (id: number) => this.kept('contact', id, this.id(`contact:${id}`));
  location = (id: number) => this.kept('location', id, this.id(`location:${id}`));
  theme = (id: number) => this.id(`theme:${id}`);
  audience = (code: string) => this.id(`audience:${code}`);
  row = (kind: string, ...parts: (string | number)[]) => this.id(`${kind}:${parts.join(':')}`);
  get themesTaxonomy() {
    return this.id('taxonomy:themes');
  }
  get audiencesTaxonomy() {
    return this.id('taxonomy:audiences');
  }
  get featuresTaxonomy() {
    return this.id('taxonomy:features');
  }
  get emergencyTerm() {
    return this.id('feature:urgence-24-7');
  }
}

/** This instance's ids; the namespace is drawn at random on the first export and kept in site_meta. */
export function instanceIds(db: Db, options: { create: boolean } = { create: true }): HsdsIds {
  let namespace = getMeta(db, 'hsds_namespace');
  if (!namespace) {
    namespace = crypto.randomUUID();
    // Reading an import writes nothing: before any export, no package can carry this instance's ids anyway.
    if (options.create) setMeta(db, 'hsds_namespace', namespace);
  }
  return new HsdsIds(namespace, loadSourceIds(db));
}
