// `npm start` and `npm run cli` used to recompile every time (about 25 s). The TypeScript build runs only
// when a source or config file is newer than the last build (decision 098); `npm install` builds once.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const stamp = path.join(root, 'dist', '.build-stamp');

function newest(target) {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) latest = Math.max(latest, newest(path.join(target, entry)));
  return latest;
}

const built = fs.statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? -1;
const sources = Math.max(...['src', 'tsconfig.json', 'tsconfig.build.json'].map((p) => newest(path.join(root, p))));
if (built >= sources && !process.argv.includes('--force')) process.exit(0);

if (!process.argv.includes('--quiet')) console.error('Compilation du TypeScript (dist/)…');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
// A stamp written before compiling: a source saved during the build makes the next start build again.
const startedAt = new Date();
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
fs.writeFileSync(stamp, '');
fs.utimesSync(stamp, startedAt, startedAt);
