// The browser tests need Debian's Chromium (npm cannot download a browser here) and pdftotext to read
// the printed Arbre back. Never skip those tests silently: install what is missing, or say how.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const missing = [];
if (!candidates.some((path) => fs.existsSync(path))) missing.push('chromium', 'fonts-dejavu-core');
if (!fs.existsSync('/usr/bin/pdftotext')) missing.push('poppler-utils');
if (missing.length === 0) process.exit(0);

const command = `apt-get update && apt-get install -y ${missing.join(' ')}`;
if (process.getuid?.() === 0) {
  console.log(`Missing for the browser tests: installing ${missing.join(', ')} (${command})…`);
  try {
    execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command}`], { stdio: 'inherit' });
    process.exit(0);
  } catch {
    console.error('The installation failed.');
  }
}
console.error(
  `The browser tests need ${missing.join(', ')}. Install with:\n  sudo sh -c '${command}'\n(or set CHROMIUM_PATH to a Chromium executable).`,
);
process.exit(1);
