// npm run bench:imports
// The largest files a web import accepts (and a few it refuses), each read and previewed in a child process
// started with the server's Node flags: shows that uploads stay inside the heap budget (decision 050).
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { publicDirectoryCsv } from '../src/exchange/open-data.js';
import { WEB_IMPORT_LIMITS } from '../src/exchange/limits.js';
import { MAX_UPLOAD_BYTES } from '../src/exchange/report.js';
import { serverNodeFlags } from './server-flags.js';
import { buildSyntheticDatabase } from './synthetic.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repertoire-import-memory-'));
const at = (name: string) => path.join(dir, name);

// A directory of 14,000 organisations with unique names, exported in the import layout.
buildSyntheticDatabase(at('source.db'), { organisations: 14_000, contactsPerOrganisation: 3 });
const source = openDatabase(at('source.db'));
// (Unique names, and no person twice in one organisation: the import would rightly refuse both.)
source.$client.exec(
  "update organisations set name = name || ' ' || id; delete from contacts where id not in (select min(id) from contacts group by organisation_id, name)",
);
const exported = publicDirectoryCsv(source).replace(/^\uFEFF/, '');
closeDatabase(source);
const [header, ...lines] = exported.split('\r\n').filter(Boolean);

// The files, each within the 10 MB upload limit.
const files: { label: string; file: string }[] = [];
function add(label: string, name: string, bytes: Uint8Array) {
  if (bytes.length > MAX_UPLOAD_BYTES) throw new Error(`${name} is larger than an upload may be`);
  fs.writeFileSync(at(name), bytes);
  files.push({ label: `${label} (${(bytes.length / 1048576).toFixed(1)} MB)`, file: at(name) });
}
const largest = [header!, ...lines.slice(0, WEB_IMPORT_LIMITS.maxRows)].join('\r\n');
add(`CSV, ${WEB_IMPORT_LIMITS.maxRows} new organisations`, 'largest.csv', strToU8('\uFEFF' + largest));
// The largest upload: as many organisations as 10 MB hold, refused by the row limit.
let bytes = Buffer.byteLength(header!) + 3;
const fitting = lines.filter((line) => (bytes += Buffer.byteLength(line) + 2) <= MAX_UPLOAD_BYTES);
add(`CSV, ${fitting.length} organisations`, 'upload-limit.csv', strToU8('\uFEFF' + [header!, ...fitting].join('\r\n')));
add(
  'CSV, 1 million one-word lines',
  'tiny-lines.csv',
  strToU8('nom\n' + Array.from({ length: 1_000_000 }, (_, i) => `O${i}`).join('\n')),
);

const { parse } = await import('csv-parse/sync');
const records = parse(exported, { delimiter: ';', relax_column_count: true }) as string[][];
const book = new ExcelJS.Workbook();
const sheet = book.addWorksheet('Organismes');
sheet.addRow(records[0]);
// Rows repeat past 13,000: each gets a new name and no identifiant, so that all are creations.
for (let i = 0; i < WEB_IMPORT_LIMITS.maxRows; i++)
  sheet.addRow(
    records[1 + (i % (records.length - 1))]!.map((cell, c) => (c === 0 ? '' : c === 1 ? `${cell} ${i}` : cell)),
  );
add(`XLSX, ${WEB_IMPORT_LIMITS.maxRows} organisations`, 'largest.xlsx', new Uint8Array(await book.xlsx.writeBuffer()));

// As many organisations as allowed, with descriptions long enough to reach the inflated-size limit.
const sentence = 'Écoute, accompagnement et référence pour les jeunes de 12 à 17 ans en difficulté. ';
const description = sentence.repeat(
  Math.floor((0.95 * WEB_IMPORT_LIMITS.maxInflatedBytes) / WEB_IMPORT_LIMITS.maxRows / Buffer.byteLength(sentence)),
);
const organizations = [
  'id,name,description',
  ...Array.from({ length: WEB_IMPORT_LIMITS.maxRows }, (_, i) => `${i},Organisme ${i},"${description}"`),
].join('\r\n');
add(
  `HSDS zip inflating to ${Math.round(Buffer.byteLength(organizations) / 1048576)} MB`,
  'bomb-hsds.zip',
  zipSync({ 'organizations.csv': [strToU8(organizations), { level: 9 }] }),
);

// The directory the files are imported into: the same thèmes, no organisation, so every row is a creation.
fs.copyFileSync(at('source.db'), at('target.db'));
const target = openDatabase(at('target.db'));
target.$client.exec('delete from organisations');
closeDatabase(target);

execSync('npm run build --silent', { stdio: 'inherit' });
const flags = serverNodeFlags();
console.log(
  `\nEach file read and previewed, then committed when clean, as /admin/import does, in: node ${flags.join(' ')}\n`,
);
console.log(
  `${'file'.padEnd(52)}${'read s'.padStart(7)}${'rows'.padStart(8)}${'heap MB'.padStart(9)}${'RSS MB'.padStart(8)}  outcome`,
);
for (const { label, file } of files) {
  fs.copyFileSync(at('target.db'), at('run.db'));
  const child = spawnSync(
    process.execPath,
    [...flags, path.join(import.meta.dirname, 'import-child.mjs'), file, at('run.db')],
    { encoding: 'utf8' },
  );
  if (child.status !== 0) {
    console.log(
      `${label.padEnd(52)}  CRASHED (exit ${child.status ?? child.signal}): ${child.stderr.split('\n').find((l) => /heap|memory/i.test(l)) ?? ''}`,
    );
    continue;
  }
  const r = JSON.parse(child.stdout) as {
    seconds: number;
    commitSeconds: number | null;
    rows: number;
    problems: number;
    firstProblem: string;
    heapTotalMb: number;
    maxRssMb: number;
  };
  const outcome =
    r.commitSeconds !== null
      ? `imported, commit ${r.commitSeconds.toFixed(1)} s`
      : `refused: ${r.firstProblem.replace(/\u00a0/g, ' ').slice(0, 70)}…`;
  console.log(
    `${label.padEnd(52)}${r.seconds.toFixed(1).padStart(7)}${String(r.rows).padStart(8)}${String(r.heapTotalMb).padStart(9)}${String(r.maxRssMb).padStart(8)}  ${outcome}`,
  );
}
fs.rmSync(dir, { recursive: true, force: true });
