// npm run bench [-- --orgs 50000 --slice 2 --connections 10 --import --idle 300 --keep --database kept.db]
// Builds a synthetic directory in a temporary database, starts the compiled app in production mode in a
// child process, and measures it as browsers use it (decision 052 as revised by issue 17): browser headers
// (Accept-Encoding: gzip, deflate, br), rotating URLs, cold searches with typos, signed-in pages with a
// cookie, a mixed case with an editor saving every few seconds. Each page is measured interleaved with
// a static twin of the same bytes served by @fastify/static from precompressed files in the same process.
import { execSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { writeImportCsv } from './import-csv.js';
import { importWhileBrowsing } from './import-while-browsing.js';
import { openLoop } from './open-loop.js';
import { serverEnv, serverNodeFlags } from './server-flags.js';
import { buildSyntheticDatabase } from './synthetic.js';
import { mulberry32, typo } from './words.js';

const { values } = parseArgs({
  options: {
    orgs: { type: 'string', default: '5000' },
    slice: { type: 'string', default: '2' },
    slices: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    // Seconds left idle after the load, to see how much memory the server gives back (target: 5 minutes).
    idle: { type: 'string', default: '300' },
    // A synthetic directory built by an earlier run (--keep), used as is: a 50,000 one takes ~4 min to build.
    database: { type: 'string' },
    import: { type: 'boolean', default: false },
  },
});
const organisations = Number(values.orgs);
const slice = Number(values.slice);
const slices = Number(values.slices);
const connections = Number(values.connections);
const cores = os.cpus().length;
const loadBefore = os.loadavg();

const BROWSER = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
};

// What intervenants type: one or two words, often misspelt, from the directory's own domains.
const SEARCH_WORDS = [
  'hébergement',
  'logement',
  'santé mentale',
  'dépendance',
  'drogue',
  'alcool',
  'violence',
  'conjugale',
  'agression',
  'sexuelle',
  'aide alimentaire',
  'épicerie',
  'emploi',
  'jeunes',
  'parents',
  'famille',
  'deuil',
  'suicide',
  'itinérance',
  'aînés',
  'proche aidant',
  'répit',
  'budget',
  'dette',
  'impôts',
  'immigrant',
  'francisation',
  'transport',
  'handicap',
  'accessibilité',
  'alphabétisation',
  'devoirs',
  'bénévolat',
  'entraide',
  'écoute',
  'crise',
  'anxiété',
  'dépression',
  'jeu',
  'médiation',
  'locataire',
  'garderie',
  'grossesse',
  'allaitement',
  'adolescent',
  'maison des jeunes',
  'réinsertion',
  'justice',
  'consentement',
  'contraception',
  'vaccination',
  'clinique',
  'autochtone',
  'covoiturage',
  'vêtements',
  'meubles',
  'repas',
  'cuisine collective',
  'retour aux études',
  'intimidation',
];

const random = mulberry32(organisations);
/** ≥ 2,000 distinct searches (most never seen twice in a run), about half with one typo. */
function searches(): string[] {
  const found = new Set<string>();
  while (found.size < 2000) {
    const words = [SEARCH_WORDS[Math.floor(random() * SEARCH_WORDS.length)]!];
    if (random() < 0.5) words.push(SEARCH_WORDS[Math.floor(random() * SEARCH_WORDS.length)]!);
    const misspelt = words.map((word) => (random() < 0.5 && word.length > 5 ? typo(word, random) : word));
    found.add(misspelt.join(' '));
  }
  return [...found];
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repertoire-bench-'));
const file = path.join(dir, 'bench.db');
let started = Date.now();
if (values.database) fs.copyFileSync(values.database, file);
else buildSyntheticDatabase(file, { organisations, contactsPerOrganisation: 3 });
console.log(
  `Synthetic directory: ${organisations} organisations, ${organisations * 3} personnes-ressources, 40 thèmes — ${values.database ? `copied from ${values.database}` : 'built'} in ${((Date.now() - started) / 1000).toFixed(1)} s (${(fs.statSync(file).size / 1048576).toFixed(1)} MiB)`,
);
const importCsv = path.join(dir, 'import.csv');
if (values.import) writeImportCsv(file, importCsv, 5000);

execSync('node scripts/build-if-stale.mjs', { stdio: 'inherit' });
const nodeFlags = serverNodeFlags();
started = Date.now();
const server = spawn(
  process.execPath,
  [...nodeFlags, path.join(import.meta.dirname, 'server.mjs'), file, 'hebergement', 'cache', importCsv],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...serverEnv(), NODE_ENV: 'production' },
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
const spawnToListenMs = Date.now() - started;

interface Stats {
  maxRssBytes: number;
  memory: NodeJS.MemoryUsage;
  cpu: { user: number; system: number };
  startMs: number;
}
/** fetch, tried once more on a connection the server closed as it was reused (a keep-alive race, not a failure). */
async function request(url: string, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    const code = (error as { cause?: { code?: string } }).cause?.code;
    if (code !== 'EPIPE' && code !== 'ECONNRESET' && code !== 'UND_ERR_SOCKET') throw error;
    return fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), connection: 'close' } });
  }
}
const stats = async () => (await (await request(`${address}/__bench/stats`)).json()) as Stats;
const post = async (url: string) => (await request(address + url, { method: 'POST' })).json();

// A signed-in admin, through the real sign-in form.
async function signIn(): Promise<string> {
  const { email, password } = (await post('/__bench/admin')) as { email: string; password: string };
  const form = await fetch(`${address}/connexion`);
  const csrfCookie = form.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const login = await fetch(`${address}/connexion`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: token, email, password }).toString(),
  });
  if (login.status !== 303) throw new Error(`sign-in answered ${login.status}`);
  return login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

const slugs = (await (await fetch(`${address}/__bench/slugs`)).json()) as { themes: string[]; organisations: string[] };
const cookie = await signIn();
const searchList = searches();

/** Every page of the A–Z list: one page below 500 organisations, else each letter's pages (read from the links). */
async function listAzPaths(): Promise<string[]> {
  const html = await (await request(`${address}/organismes`)).text();
  const letters = [...new Set([...html.matchAll(/href="(\/organismes\/lettre\/[a-z]+)"/g)].map((m) => m[1]!))];
  if (letters.length === 0) return ['/organismes'];
  const paths: string[] = [];
  for (const letter of letters) {
    const page = await (await request(address + letter)).text();
    const numbers = [...page.matchAll(/href="\/organismes\/lettre\/[a-z]+\/(\d+)"/g)].map((m) => Number(m[1]));
    paths.push(letter, ...Array.from({ length: Math.max(1, ...numbers) - 1 }, (_, i) => `${letter}/${i + 2}`));
  }
  return paths;
}
const azPaths = await listAzPaths();
const suggestionPaths = searchList.map(
  (q) => `/recherche/suggestions?q=${encodeURIComponent(q.slice(0, Math.max(4, q.length - 2)))}`,
);
// Far above what the territory's intervenants send (decision 107), well under one thread's capacity.
const SEARCH_RATE = 10;
const SUGGEST_RATE = 50;

interface Case {
  label: string;
  kind: 'page' | 'cold-search' | 'search-rate' | 'search-latency' | 'suggest' | 'suggest-rate' | 'signed-in' | 'arbre';
  paths: string[];
  /** A representative path whose bytes make the static twin. */
  twin: string;
  cookie?: string;
  /** Connections for this case (default: --connections); 1 measures a request's own latency, without queueing. */
  clients?: number;
  /** Requests arriving at this mean rate per second (open loop, bench/open-loop.ts) instead of connections. */
  rate?: number;
}
const cases: Case[] = [
  { label: 'accueil', kind: 'page', paths: ['/'], twin: '/' },
  {
    label: `thèmes (${slugs.themes.length}, en rotation)`,
    kind: 'page',
    paths: slugs.themes.map((s) => `/themes/${s}`),
    twin: '/themes/hebergement',
  },
  {
    label: `fiches (${slugs.organisations.length}, en rotation)`,
    kind: 'page',
    paths: slugs.organisations.map((s) => `/organismes/${s}`),
    twin: `/organismes/${slugs.organisations[0]}`,
  },
  {
    label: azPaths.length > 1 ? `liste A–Z (${azPaths.length} pages, en rotation)` : 'liste A–Z /organismes',
    kind: 'page',
    paths: azPaths,
    twin: azPaths[0]!,
  },
  { label: '/arbre (en cache)', kind: 'arbre', paths: ['/arbre'], twin: '/arbre' },
  {
    label: `recherches (${searchList.length} différentes, fautes)`,
    kind: 'cold-search',
    paths: searchList.map((q) => `/recherche?q=${encodeURIComponent(q)}`),
    twin: `/recherche?q=${encodeURIComponent('logement')}`,
  },
  {
    // What one hurried intervenant waits for (issue 14): never-seen searches one at a time, no queue.
    label: 'recherches une à la fois (latence)',
    kind: 'search-latency',
    paths: [...searchList].reverse().map((q) => `/recherche?q=${encodeURIComponent(q)}`),
    twin: `/recherche?q=${encodeURIComponent('logement')}`,
    clients: 1,
  },
  {
    // Visitors who search on their own schedule: a fixed mean rate, each latency from its due time.
    label: `recherches, ${SEARCH_RATE} par seconde`,
    kind: 'search-rate',
    paths: searchList.map((q) => `/recherche?q=${encodeURIComponent(q)}`),
    twin: `/recherche?q=${encodeURIComponent('logement')}`,
    rate: SEARCH_RATE,
  },
  {
    label: 'suggestions en tapant',
    kind: 'suggest',
    paths: suggestionPaths,
    twin: `/recherche/suggestions?q=${encodeURIComponent('heberg')}`,
  },
  {
    label: `suggestions, ${SUGGEST_RATE} par seconde`,
    kind: 'suggest-rate',
    paths: [...suggestionPaths].reverse(),
    twin: `/recherche/suggestions?q=${encodeURIComponent('heberg')}`,
    rate: SUGGEST_RATE,
  },
  { label: 'tableau de bord (connecté)', kind: 'signed-in', paths: ['/admin'], twin: '/admin', cookie },
  {
    label: 'liste admin (connecté)',
    kind: 'signed-in',
    paths: ['/admin/organismes'],
    twin: '/admin/organismes',
    cookie,
  },
];

interface Measure {
  requests: number;
  seconds: number;
  times: number[];
  errors: number;
  cpuMs: number;
}
const empty = (): Measure => ({ requests: 0, seconds: 0, times: [], errors: 0, cpuMs: 0 });

/** One autocannon run of `seconds` rotating over `paths`; adds its figures to `into`. */
async function drive(
  paths: string[],
  seconds: number,
  into: Measure,
  extraHeaders: Record<string, string> = {},
  clients = connections,
) {
  let next = Math.floor(random() * paths.length);
  const before = await stats();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: address,
        connections: clients,
        duration: seconds,
        headers: { ...BROWSER, ...extraHeaders },
        requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
      },
      (error, done) => (error ? reject(error) : resolve(done)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
      into.times.push(responseTime),
    );
  });
  const after = await stats();
  into.requests += result.requests.total;
  into.seconds += seconds;
  into.errors += result.errors + result.non2xx;
  into.cpuMs += (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
}

/** Requests arriving at `rate` per second for `seconds` (open loop); adds its figures to `into`. */
async function driveAtRate(paths: string[], rate: number, seconds: number, into: Measure, seed: number) {
  const before = await stats();
  const result = await openLoop({ origin: address, paths, ratePerSecond: rate, seconds, headers: BROWSER, seed });
  const after = await stats();
  into.requests += result.requests;
  into.seconds += seconds;
  into.errors += result.errors;
  into.times.push(...result.times);
  into.cpuMs += (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

interface Row {
  label: string;
  kind: string;
  page: Measure;
  twin: Measure;
  bytes: number;
  /** The server's peak RSS once this case has run (it only grows: the case that raises it shows). */
  peakRssBytes?: number;
}
const rows: Row[] = [];
for (const target of cases) {
  const twinName = `twin-${rows.length}`;
  const { bytes, file } = (await post(
    `/__bench/twin?name=${twinName}&url=${encodeURIComponent(target.twin)}&cookie=${encodeURIComponent(target.cookie ?? '')}`,
  )) as {
    bytes: number;
    file: string;
  };
  const raw = fs.readFileSync(file);
  fs.writeFileSync(`${file}.gz`, zlib.gzipSync(raw, { level: 9 }));
  // Quality 11 (the default) takes minutes on the 56 MB A–Z list of 50,000 organisations: 9 above 8 MB.
  const quality = raw.length > 8 * 1048576 ? 9 : 11;
  fs.writeFileSync(
    `${file}.br`,
    zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality } }),
  );
  // Cached public pages warm up once (a first visitor after each change pays the render); searches never do.
  if (target.kind === 'page' || target.kind === 'arbre')
    for (const p of target.paths) await request(address + p, { headers: BROWSER });
  const row: Row = { label: target.label, kind: target.kind, page: empty(), twin: empty(), bytes };
  for (let i = 0; i < slices; i++) {
    if (target.rate) {
      await driveAtRate(target.paths, target.rate, slice * 4, row.page, i);
      await drive([`/__bench/static/${twinName}.html`], slice, row.twin);
      continue;
    }
    // Signed-in pages: the coordination is one or two people, not ten at once.
    await drive(
      target.paths,
      slice,
      row.page,
      target.cookie ? { cookie: target.cookie } : {},
      target.cookie ? 1 : (target.clients ?? connections),
    );
    await drive([`/__bench/static/${twinName}.html`], slice, row.twin);
  }
  row.peakRssBytes = (await stats()).maxRssBytes;
  rows.push(row);
}

// Mixed case: visitors browse thèmes and fiches while an editor saves every 3 s.
const publicPaths = [...cases[1]!.paths, ...cases[2]!.paths, '/', '/arbre'];
const readOnly = empty();
await drive(publicPaths, slice * slices, readOnly);
const mixed = empty();
// Every save is awaited before the server stops (a save in flight at the end reset the connection).
const saves = new Set<Promise<unknown>>();
const saving = setInterval(() => {
  const save = post('/__bench/edit').finally(() => saves.delete(save));
  saves.add(save);
}, 3000);
await post('/__bench/edit');
await drive(publicPaths, Math.max(6, slice * slices), mixed);
clearInterval(saving);
await Promise.all(saves);

const final = await stats();
const loadAfter = os.loadavg();
const imported = values.import ? await importWhileBrowsing(address, 'hebergement') : null;
const idleSeconds = Number(values.idle);
let idle: Stats | null = null;
if (idleSeconds > 0) {
  console.log(`(${idleSeconds} s idle before the last memory reading…)`);
  await new Promise((resolve) => setTimeout(resolve, idleSeconds * 1000));
  idle = await stats();
}
server.kill('SIGTERM');

const pad = (text: string, n: number) => text.padEnd(n);
const num = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '—').padStart(8);
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
console.log(
  `\n${new Date().toISOString().slice(0, 16)}Z — ${os.cpus()[0]?.model ?? '?'} × ${cores}, Node ${process.version}; autocannon ${connections} connections, ${slices} × ${slice} s per page interleaved with its static twin; browser headers (Accept-Encoding: gzip, deflate, br)`,
);
console.log(
  `${pad('page', 40)}${'kB'.padStart(6)}${'req/s'.padStart(8)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'CPU ms'.padStart(8)}${'twin/s'.padStart(8)}${'ratio'.padStart(8)}${'errors'.padStart(8)}${'peak MB'.padStart(9)}`,
);
for (const row of rows) {
  const rps = row.page.requests / row.page.seconds;
  const twin = row.twin.requests / row.twin.seconds;
  console.log(
    `${pad(row.label, 40)}${(row.bytes / 1024).toFixed(0).padStart(6)}${num(rps)}${num(percentile(row.page.times, 50), 1)}${num(percentile(row.page.times, 95), 1)}${num(percentile(row.page.times, 99), 1)}${num(row.page.cpuMs / row.page.requests, 2)}${num(twin)}${num(rps / twin, 2)}${String(row.page.errors).padStart(8)}${((row.peakRssBytes ?? 0) / 1048576).toFixed(0).padStart(9)}`,
  );
}
const p95 = (m: Measure) => percentile(m.times, 95);
console.log(
  `\nMixed case (public thèmes, fiches, accueil, Arbre): read-only p50 ${percentile(readOnly.times, 50).toFixed(1)} / p95 ${p95(readOnly).toFixed(1)} / max ${percentile(readOnly.times, 100).toFixed(0)} ms (${(readOnly.requests / readOnly.seconds).toFixed(0)} req/s); with an editor saving every 3 s p50 ${percentile(mixed.times, 50).toFixed(1)} / p95 ${p95(mixed).toFixed(1)} / max ${percentile(mixed.times, 100).toFixed(0)} ms (${(mixed.requests / mixed.seconds).toFixed(0)} req/s)`,
);
console.log(
  `Peak RSS of the server: ${mb(final.maxRssBytes)} (end: heap ${mb(final.memory.heapUsed)} of ${mb(final.memory.heapTotal)}, RSS ${mb(final.memory.rss)}). Server start (spawn to listening, existing database): ${spawnToListenMs} ms, of which buildApp + listen ${final.startMs.toFixed(0)} ms.`,
);
if (idle) {
  console.log(
    `After ${idleSeconds} s idle: RSS ${mb(idle.memory.rss)} (heap ${mb(idle.memory.heapUsed)} of ${mb(idle.memory.heapTotal)}, buffers ${mb(idle.memory.arrayBuffers)}).`,
  );
}
if (imported) {
  console.log(`\nImport while browsing (${imported.summary}):`);
  for (const f of imported.figures)
    console.log(
      `${pad(f.phase, 11)}${pad(f.target, 34)} n ${f.count}  p50 ${f.p50.toFixed(1)}  p99 ${f.p99.toFixed(1)} ms`,
    );
}

const rowsOf = (kind: string) => rows.filter((r) => r.kind === kind);
const checks: [string, boolean][] = [
  [
    'cached public pages ≥ 0.5 of their static twin',
    rowsOf('page')
      .concat(rowsOf('arbre'))
      .every((r) => r.page.requests / r.twin.requests >= 0.5),
  ],
  [
    `cold searches p95 < ${organisations >= 50000 ? 100 : 50} ms, ${connections} connections (saturated: the queue)`,
    rowsOf('cold-search').every((r) => p95(r.page) < (organisations >= 50000 ? 100 : 50)),
  ],
  [
    `cold searches p95 < ${organisations >= 50000 ? 100 : 50} ms, arriving at ${SEARCH_RATE}/s`,
    rowsOf('search-rate').every((r) => p95(r.page) < (organisations >= 50000 ? 100 : 50)),
  ],
  [
    `searches one at a time p95 < ${organisations >= 50000 ? 100 : 50} ms (issue 14)`,
    rowsOf('search-latency').every((r) => p95(r.page) < (organisations >= 50000 ? 100 : 50)),
  ],
  [
    `suggestions p95 < 10 ms, ${connections} connections (saturated: the queue)`,
    rowsOf('suggest').every((r) => p95(r.page) < 10),
  ],
  [`suggestions p95 < 10 ms, arriving at ${SUGGEST_RATE}/s`, rowsOf('suggest-rate').every((r) => p95(r.page) < 10)],
  [
    `peak RSS < ${organisations >= 50000 ? 400 : 250} MB`,
    final.maxRssBytes < (organisations >= 50000 ? 400 : 250) * 1048576,
  ],
  ...(idle && idleSeconds >= 300
    ? [[`RSS < 200 MB after ${idleSeconds} s idle`, idle.memory.rss < 200 * 1048576] as [string, boolean]]
    : []),
  ['mixed case p95 ≤ 1.5 × read-only', p95(mixed) <= 1.5 * p95(readOnly)],
  ['no errors', rows.every((r) => r.page.errors === 0 && r.twin.errors === 0)],
];
console.log('');
for (const [label, ok] of checks) console.log(`${ok ? 'PASS' : 'MISS'}  ${label}`);
const busy = Math.max(loadBefore[0]!, 0) > cores * 0.5;
console.log(
  `\nLoad average before the run ${loadBefore.map((l) => l.toFixed(2)).join(' / ')}, after ${loadAfter.map((l) => l.toFixed(2)).join(' / ')} (${cores} cores).` +
    (busy
      ? ' TOO BUSY TO TRUST: other work was running before the bench started; compare ratios to the static twins, not absolute figures.'
      : ' The machine was quiet when the run started.'),
);

if (!values.keep) fs.rmSync(dir, { recursive: true, force: true });
else console.log(`\nDatabase kept: ${file}`);
