import { openDatabase } from '../src/db/client.js';
import { buildSyntheticDatabase } from './synthetic.js';
import { buildApp } from '../src/app.js';
import { testConfig } from '../src/config.js';
import fs from 'node:fs';
const file = '/tmp/perf-prof.db';
if (!fs.existsSync(file)) buildSyntheticDatabase(file, { organisations: 1000, contactsPerOrganisation: 3 });
const app = await buildApp(testConfig({ env: 'production', databasePath: file, seed: 'none', logLevel: 'warn' }));
const qs = ['logemnet jeunes', 'sante mentalle', 'hebergment', 'aide alimentare', 'violance conjugale', 'depandance alcol', 'emploi', 'deuil suicide', 'itinerance', 'parents famile'];
await app.inject({ url: '/recherche?q=x' });
for (const q of qs) {
  const t = performance.now();
  const r = await app.inject({ url: `/recherche?q=${encodeURIComponent(q)}` });
  const t2 = performance.now();
  await app.inject({ url: `/recherche?q=${encodeURIComponent(q)}` });
  console.log(q, r.statusCode, (t2 - t).toFixed(1), 'ms cold,', (performance.now() - t2).toFixed(1), 'ms again');
}
await app.close();
