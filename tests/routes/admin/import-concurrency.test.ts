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
const csv = (rows: Record<string, string>[]) =>
  new TextEncoder().encode(
    writeSpreadsheetCsv(
      HEADER,
      rows.map((row) => HEADER.map((c) => row[c] ?? '')),
    ),
  );
const rows = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    nom: `Organisme importé ${i + 1}`,
    themes: 'hebergement',
    personne1_nom: `Personne ${i + 1}`,
    personne2_nom: i === 16 ? 'Gisèle Tanguay' : `Adjointe ${i + 1}`,
  }));

/** Uploads the file and opens its preview; returns the preview's address and fingerprint. */
async function previewed(bytes: Uint8Array): Promise<{ url: string; fingerprint: string }> {
  const boundary = '----repertoire' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${client.csrf}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="import.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const uploaded = await app.inject({
    method: 'POST',
    url: '/admin/import',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie },
    payload,
  });
  const url = uploaded.headers.location as string;
  const preview = await client.get(url);
  expect(preview.statusCode).toBe(200);
  return {
    url,
    fingerprint: parseHtml(preview.body).querySelector('input[name="empreinte"]')?.getAttribute('value') ?? '',
  };
}

/** Confirms the preview; returns its progress page's address (the commit then runs in the background). */
async function startCommit(url: string, fingerprint: string): Promise<string> {
  const started = await client.post(`${url}/appliquer`, { empreinte: fingerprint });
  expect(started.statusCode).toBe(303);
  return started.headers.location as string;
}

describe('an import commit in a worker thread', () => {
  it('leaves the public site answering while it writes, shows its progress, and the cached thème page shows it afterwards', async () => {
    const { url, fingerprint } = await previewed(csv(rows(300)));
    const themePage = async () => (await app.inject({ url: '/themes/hebergement' })).body;
    expect(await themePage()).not.toContain('Organisme importé 1');

    const progress = await startCommit(url, fingerprint);
    expect(progress).toBe(`${url}/progression`);
    const page = await client.get(progress);
    expect(page.statusCode).toBe(200);
    expect(mainText(page.body)).toContain('Importation en cours');
    expect(parseHtml(page.body).querySelector('meta[http-equiv="refresh"]')?.getAttribute('content')).toBe('2');

    const latencies: number[] = [];
    for (let probe = 0; app.imports.committing && probe < 2_000; probe++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      const started = performance.now();
      const [health] = await Promise.all([app.inject({ url: '/healthz' }), themePage()]);
      expect(health.statusCode).toBe(200);
      if (app.imports.committing) latencies.push(performance.now() - started);
    }
    // A commit in the request handler answers nothing until it ends; here the event loop stayed free throughout.
    expect(latencies.length).toBeGreaterThanOrEqual(5);
    // (The 90th percentile: a shared 2-core machine may stall any single probe; bench/run.ts measures properly.)
    expect(latencies.sort((a, b) => a - b)[Math.floor(latencies.length * 0.9)]).toBeLessThan(250);

    const outcome = await client.get(progress);
    expect(outcome.statusCode).toBe(303);
    expect(outcome.headers.location).toBe('/admin/import');
    expect(mainText((await client.get('/admin/import')).body)).toContain('Importation terminée : 300 organismes créés');
    expect(
      app.db.$client.prepare("select count(*) as n from organisations where name like 'Organisme importé %'").get(),
    ).toEqual({ n: 300 });
    expect(await themePage()).toContain('Organisme importé 1');
    // The search index, rebuilt once per organisation at the end of the commit, finds them too.
    expect(mainText((await app.inject({ url: '/recherche?q=tanguay' })).body)).toContain('Organisme importé 17');
    // A real worker writing 300 organisations while probes run: ~16 s on a loaded 2-core machine (or under faketime).
  }, 60_000);

  it('holds signed-in requests while it writes; past the wait, a save is answered in French that nothing was saved', async () => {
    const org = createOrganisation(app.db, { name: 'Centre Le Phare', verifiedAt: null });
    const { url, fingerprint } = await previewed(csv(rows(150)));
    await startCommit(url, fingerprint);
    expect(app.imports.committing).toBe(true);
    app.imports.writeWaitMs = 0;
    const save = await client.post(`/admin/organismes/${org.id}/verifier`);
    expect(app.imports.committing).toBe(true);
    expect(save.statusCode).toBe(503);
    expect(save.headers['retry-after']).toBe('30');
    expect(mainText(save.body)).toContain('Une importation écrit en ce moment dans le répertoire');
    expect(mainText(save.body)).toContain('rien n’a été enregistré pour cette page');
    // Anonymous visitors are never held; a signed-in page asked for now answers once the import has ended.
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    app.imports.writeWaitMs = 20_000;
    expect(app.imports.committing).toBe(true);
    const held = await client.get('/admin').then((response) => ({ response, committing: app.imports.committing }));
    expect(held).toMatchObject({ committing: false, response: { statusCode: 200 } });
    expect(app.db.$client.prepare('select verified_at from organisations where id = ?').get(org.id)).toEqual({
      verified_at: null,
    });
    // Once the import is over, the same save goes through.
    expect((await client.post(`/admin/organismes/${org.id}/verifier`)).statusCode).toBe(303);
  });
});
