// npm run bench:hsds [-- --orgs 5000]
// Times the HSDS 3.0 API (decision 077) in process, through app.inject, on a synthetic directory: the median of
// 20 requests per URL, after one warm-up. No target asserted here; the figures go to the README.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import { openDatabase } from '../src/db/client.js';
import { buildSyntheticDatabase } from './synthetic.js';

const { values } = parseArgs({ options: { orgs: { type: 'string', default: '5000' } } });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hsds-'));
const file = path.join(dir, 'bench.db');
buildSyntheticDatabase(file, { organisations: Number(values.orgs), contactsPerOrganisation: 2 });
const db = openDatabase(file);
db.$client.prepare('update contacts set open_data_consent_at = created_at where id % 2 = 0').run();
const app = await buildApp(testConfig(), { db });

const median = async (url: string) => {
  const first = await app.inject({ url });
  if (first.statusCode !== 200) throw new Error(`${url}: ${first.statusCode} ${first.body.slice(0, 200)}`);
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const start = performance.now();
    await app.inject({ url });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: times[10]!.toFixed(1), bytes: first.rawPayload.length, body: JSON.parse(first.body) };
};

const services = await median('/api/hsds/services');
const terms = (await median('/api/hsds/taxonomy_terms')).body.contents as { id: string; taxonomy: string }[];
const term = terms.find((t) => t.taxonomy === 'Thèmes COSMOSS')!.id;
const rows: [string, string][] = [
  ['/api/hsds/services', '/api/hsds/services'],
  ['/api/hsds/services?per_page=200', '/api/hsds/services?per_page=200'],
  ['/api/hsds/services?search=logement', '/api/hsds/services?search=logement'],
  ['/api/hsds/services?taxonomy_term_id=…', `/api/hsds/services?taxonomy_term_id=${term}`],
  ['/api/hsds/services?modified_after=2000-01-01', '/api/hsds/services?modified_after=2000-01-01'],
  ['/api/hsds/services/{id}', `/api/hsds/services/${services.body.contents[0].id}`],
  ['/api/hsds/organizations', '/api/hsds/organizations'],
  ['/api/hsds/service_at_locations', '/api/hsds/service_at_locations'],
  ['/api/hsds/taxonomy_terms', '/api/hsds/taxonomy_terms'],
];
console.log(`${values.orgs} organisations (total_items ${services.body.total_items})`);
for (const [label, url] of rows) {
  const { ms, bytes } = await median(url);
  console.log(`${label.padEnd(48)} ${ms.padStart(7)} ms  ${(bytes / 1024).toFixed(0).padStart(5)} Kio`);
}
await app.close();
fs.rmSync(dir, { recursive: true, force: true });
