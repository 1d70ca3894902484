import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app.js';
import { testConfig } from '../../../src/config.js';
import { layoutHeader } from '../../../src/exchange/columns.js';
import { writeSpreadsheetCsv } from '../../../src/exchange/csv-write.js';
import { createUser, loginAs, type Client } from '../../support/auth.js';
import { createOrganisation } from '../../support/factories.js';
import { mainText, parseHtml } from '../../support/html.js';

// A database file, not ':memory:': the commit then runs in a worker thread with its own connection.
let dir: string;
let app: FastifyInstance;
let client: Client;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repertoire-import-'));
  app = await buildApp(testConfig({ databasePath: path.join(dir, 'test.db'), seed: 'themes' }));
  await app.ready();
  client = await loginAs(app, await createUser(app.db, { role: 'admin' }));
});
afterEach(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const HEADER = layoutHeader(3);
const csv = (rows: Record<string, string>[]) => new TextEncoder().encode(writeSpreadsheetCsv(HEADER, rows.map((row) => HEADER.map((c) => row[c] ?? ''))));
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ nom: `Organisme importé ${i + 1}`, themes: 'hebergement', personne1_nom: `Personne ${i + 1}`, personne2_nom: i === 16 ? 'Gisèle Tanguay' : `Adjointe ${i + 1}` }));

/** Uploads the file and opens its preview; returns the preview's address and fingerprint. */
async function previewed(bytes: Uint8Array): Promise<{ url: string; fingerprint: string }> {
  const boundary = '----repertoire' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${client.csrf}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="import.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const uploaded = await app.inject({ method: 'POST', url: '/admin/import', headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie }, payload });
  const url = uploaded.headers.location as string;
  const preview = await client.get(url);
  expect(preview.statusCode).toBe(200);
  return { url, fingerprint: parseHtml(preview.body).querySelector('input[name="empreinte"]')?.getAttribute('value') ?? '' };
}

describe('an import commit in a worker thread', () => {
  it('leaves the public site answering while it writes, and the cached thème page shows it afterwards', async () => {
    const { url, fingerprint } = await previewed(csv(rows(300)));
    const themePage = async () => (await app.inject({ url: '/themes/hebergement' })).body;
    expect(await themePage()).not.toContain('Organisme importé 1');

    let finished = false;
    const commit = client.post(`${url}/appliquer`, { empreinte: fingerprint }).finally(() => (finished = true));
    const latencies: number[] = [];
    for (let probe = 0; !finished && probe < 2_000; probe++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const started = performance.now();
      const [health] = await Promise.all([app.inject({ url: '/healthz' }), themePage()]);
      expect(health.statusCode).toBe(200);
      if (!finished) latencies.push(performance.now() - started);
    }
    const response = await commit;
    expect(response.statusCode).toBe(303);
    // A synchronous commit answers nothing until it ends; here the event loop stayed free throughout.
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    // (The 90th percentile: a shared 2-core machine may stall any single probe; bench/run.ts measures properly.)
    expect(latencies.sort((a, b) => a - b)[Math.floor(latencies.length * 0.9)]).toBeLessThan(250);
    expect(app.db.$client.prepare("select count(*) as n from organisations where name like 'Organisme importé %'").get()).toEqual({ n: 300 });
    expect(await themePage()).toContain('Organisme importé 1');
    // The search index, rebuilt once per organisation at the end of the commit, finds them too.
    expect(mainText((await app.inject({ url: '/recherche?q=tanguay' })).body)).toContain('Organisme importé 17');
  });

  it('holds an admin save while it writes; past the wait, answers in French that nothing was saved', async () => {
    const org = createOrganisation(app.db, { name: 'Centre Le Phare', verifiedAt: null });
    const { url, fingerprint } = await previewed(csv(rows(150)));
    app.imports.writeWaitMs = 0;
    const commit = client.post(`${url}/appliquer`, { empreinte: fingerprint });
    while (!app.imports.committing) await new Promise((resolve) => setTimeout(resolve, 5));
    const save = await client.post(`/admin/organismes/${org.id}/verifier`);
    expect(app.imports.committing).toBe(true);
    expect(save.statusCode).toBe(503);
    expect(save.headers['retry-after']).toBe('30');
    expect(mainText(save.body)).toContain('Une importation écrit en ce moment dans le répertoire');
    expect(mainText(save.body)).toContain('rien n’a été enregistré pour cette page');
    // Anonymous visitors are never held.
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await commit).statusCode).toBe(303);
    expect(app.db.$client.prepare('select verified_at from organisations where id = ?').get(org.id)).toEqual({ verified_at: null });
    // Once the import is over, the same save goes through.
    app.imports.writeWaitMs = 20_000;
    expect((await client.post(`/admin/organismes/${org.id}/verifier`)).statusCode).toBe(303);
  });
});
