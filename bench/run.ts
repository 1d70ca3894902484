// npm run bench [-- --orgs 50000 --duration 10 --connections 10]
// Builds a synthetic directory in a temporary database, starts the app in production mode in a child
// process, drives each page with autocannon and prints throughput, latency, ratio to the ceiling and peak RSS;
// then commits a 5,000-row import while visitors browse, and prints their latency during it.
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { writeImportCsv } from './import-csv.js';
import { importWhileBrowsing } from './import-while-browsing.js';
import { serverNodeFlags } from './server-flags.js';
import { buildSyntheticDatabase } from './synthetic.js';

const { values } = parseArgs({
  options: {
    orgs: { type: 'string', default: '5000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    'no-ranking-cache': { type: 'boolean', default: false },
    'import-rows': { type: 'string', default: '5000' },
  },
});
const organisations = Number(values.orgs);
const duration = Number(values.duration);
const connections = Number(values.connections);

const TYPICAL_SEARCHES = ['logement', 'santé mentale', 'drogue', 'aide alimentaire', 'emploi jeunes'];
const BROAD_SEARCH = 'aide';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repertoire-bench-'));
const file = path.join(dir, 'bench.db');
const started = Date.now();
const { themeSlug, organisationSlug } = buildSyntheticDatabase(file, { organisations, contactsPerOrganisation: 3 });
console.log(
  `Synthetic directory: ${organisations} organisations, ${organisations * 3} personnes-ressources, 40 thèmes — built in ${((Date.now() - started) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1048576).toFixed(1)} MiB)`,
);

const importCsv = path.join(dir, 'import.csv');
writeImportCsv(file, importCsv, Number(values['import-rows']));

// The server runs the compiled app with the Node flags of `npm start` (the heap budget among them).
execSync('npm run build --silent', { stdio: 'inherit' });
const nodeFlags = serverNodeFlags();
const server = spawn(
  process.execPath,
  [
    ...nodeFlags,
    path.join(import.meta.dirname, 'server.mjs'),
    file,
    themeSlug,
    values['no-ranking-cache'] ? 'no-ranking-cache' : 'cache',
    importCsv,
  ],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  },
);
const address = await new Promise<string>((resolve, reject) => {
  let buffer = '';
  server.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const line = buffer.split('\n').find((l) => l.startsWith('{'));
    if (line) resolve((JSON.parse(line) as { address: string }).address);
  });
  server.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
});

const targets: { label: string; path: string; kind: 'ceiling' | 'page' | 'typical' | 'broad' }[] = [
  { label: 'ceiling (thème bytes from memory)', path: '/__bench/ceiling', kind: 'ceiling' },
  { label: 'home', path: '/', kind: 'page' },
  { label: `thème /themes/${themeSlug}`, path: `/themes/${themeSlug}`, kind: 'page' },
  { label: 'organisation page', path: `/organismes/${organisationSlug}`, kind: 'page' },
  ...TYPICAL_SEARCHES.map((q) => ({
    label: `search « ${q} »`,
    path: `/recherche?q=${encodeURIComponent(q)}`,
    kind: 'typical' as const,
  })),
  {
    label: `search « ${BROAD_SEARCH} » (most entries)`,
    path: `/recherche?q=${encodeURIComponent(BROAD_SEARCH)}`,
    kind: 'broad',
  },
];

interface Row {
  label: string;
  kind: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  matches: string;
  errors: number;
  rssMb: number;
}
const rows: Row[] = [];
for (const target of targets) {
  const url = address + target.path;
  const probe = await fetch(url, { headers: { accept: 'text/html' } });
  const html = await probe.text();
  if (probe.status !== 200) throw new Error(`${target.path} answered ${probe.status}`);
  const matches =
    html.match(/<h2 id="search-count"[^>]*>([\d\s\u202f\u00a0]+) organisme/)?.[1]?.replace(/\D/g, '') ?? '';
  // Warm-up (template cache, prepared statements, page cache), then the measured run.
  await autocannon({ url, connections, duration: 1, headers: { accept: 'text/html' } });
  // Every response time is kept, so p95 is exact (autocannon's summary has p90 and p97.5, not p95).
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections, duration, headers: { accept: 'text/html' } }, (error, done) =>
      error ? reject(error) : resolve(done),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
      times.push(responseTime),
    );
  });
  times.sort((a, b) => a - b);
  rows.push({
    label: target.label,
    kind: target.kind,
    rps: result.requests.average,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    matches,
    errors: result.errors + result.non2xx,
    // Peak RSS so far: shows which page made the server grow.
    rssMb: ((await (await fetch(`${address}/__bench/stats`)).json()) as { maxRssBytes: number }).maxRssBytes / 1048576,
  });
}
const stats = (await (await fetch(`${address}/__bench/stats`)).json()) as {
  maxRssBytes: number;
  memory: NodeJS.MemoryUsage;
};
// Last, as it adds 5,000 organisations: the pages above were measured on the directory as built.
const imported = await importWhileBrowsing(address, themeSlug);
server.kill('SIGTERM');

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ceiling = rows.find((row) => row.kind === 'ceiling')!.rps;
const pad = (text: string, n: number) => text.padEnd(n);
const num = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—').padStart(8);
console.log(
  `\nautocannon: ${connections} connections, ${duration} s per page, same machine as the server (${os.cpus().length} cores), search ranking cache ${values['no-ranking-cache'] ? 'OFF' : 'on'}, server flags: ${nodeFlags.join(' ') || 'none'}\n`,
);
console.log(
  `${pad('page', 44)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'ratio'.padStart(8)}${'found'.padStart(8)}${'errors'.padStart(8)}${'RSS MB'.padStart(8)}`,
);
for (const row of rows) {
  console.log(
    `${pad(row.label, 44)}${num(row.rps)}${num(row.p50, 1)}${num(row.p95, 1)}${num(row.p99, 1)}${num(row.rps / ceiling, 2)}${row.matches.padStart(8)}${String(row.errors).padStart(8)}${num(row.rssMb)}`,
  );
}
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
console.log(
  `\nPeak RSS of the server: ${mb(stats.maxRssBytes)} (at the end, after the runs: heap ${mb(stats.memory.heapUsed)} used of ${mb(stats.memory.heapTotal)}, external ${mb(stats.memory.external)}, RSS ${mb(stats.memory.rss)})`,
);

console.log(`\nImport while browsing (${imported.summary}); visitors at 100 req/s per page, 4 connections each:\n`);
console.log(
  `${pad('phase', 11)}${pad('page', 34)}${'s'.padStart(6)}${'n'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'max ms'.padStart(8)}`,
);
for (const f of imported.figures)
  console.log(
    `${pad(f.phase, 11)}${pad(f.target, 34)}${f.seconds.toFixed(1).padStart(6)}${String(f.count).padStart(8)}${num(f.p50, 1)}${num(f.p99, 1)}${num(f.max, 1)}`,
  );
const duringCommit = imported.figures.filter((f) => f.phase === 'commit');

const checks: [string, boolean][] = [
  [
    'thème and organisation pages ≥ 0.5 of the ceiling',
    rows.filter((r) => r.kind === 'page' && r.label !== 'home').every((r) => r.rps / ceiling >= 0.5),
  ],
  [
    'typical searches ≥ 0.2 of the ceiling',
    rows.filter((r) => r.kind === 'typical').every((r) => r.rps / ceiling >= 0.2),
  ],
  ['typical searches p95 < 50 ms', rows.filter((r) => r.kind === 'typical').every((r) => r.p95 < 50)],
  ['broadest search p95 < 50 ms', rows.filter((r) => r.kind === 'broad').every((r) => r.p95 < 50)],
  ['peak RSS < 200 MB', stats.maxRssBytes < 200 * 1048576],
  ['no errors', rows.every((r) => r.errors === 0)],
  [
    '/healthz and thème page p99 < 250 ms during a 5,000-row import commit',
    duringCommit.every((f) => f.count > 0 && f.p99 < 250),
  ],
];
console.log('');
for (const [label, ok] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${label}`);

if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`\nDatabase kept: ${file}`);
