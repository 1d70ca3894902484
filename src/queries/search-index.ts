import type { Db } from '../db/client.js';

const SEARCH_TRIGGERS =
  "select name, sql from sqlite_master where type = 'trigger' and name like 'organisations\\_fts\\_%' escape '\\' order by name";

/**
 * Runs `work` inside the caller's transaction with the search index's triggers set aside, then re-indexes the
 * organisations it returns and puts the triggers back (SQLite DDL is transactional: a rollback restores them).
 * A bulk import otherwise rewrites an organisation's index row once per person and thème it writes.
 * The triggers are read back from the schema, so a later migration that changes them is followed.
 */
export function withSearchIndexDeferred(db: Db, work: () => Iterable<number>): void {
  const client = db.$client;
  if (!client.inTransaction) throw new Error('withSearchIndexDeferred must run inside a transaction');
  const triggers = client.prepare(SEARCH_TRIGGERS).all() as { name: string; sql: string }[];
  for (const trigger of triggers) client.exec(`drop trigger "${trigger.name}"`);
  const touched = [...new Set(work())];
  const remove = client.prepare('delete from organisations_fts where rowid in (select value from json_each(?))');
  const insert = client.prepare(
    'insert into organisations_fts(rowid, name, acronym, people, themes, body) select id, name, acronym, people, themes, body from organisations_fts_source where id in (select value from json_each(?))',
  );
  for (let at = 0; at < touched.length; at += 500) {
    const ids = JSON.stringify(touched.slice(at, at + 500));
    remove.run(ids);
    insert.run(ids);
  }
  for (const trigger of triggers) client.exec(trigger.sql);
}
