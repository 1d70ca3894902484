// The browser tests need Debian's Chromium (npm cannot download a browser here). Never skip them silently.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
const found = candidates.find((path) => fs.existsSync(path));
if (found) process.exit(0);

const command = 'apt-get update && apt-get install -y chromium fonts-dejavu-core';
if (process.getuid?.() === 0) {
  console.log(`Chromium is missing: installing it (${command})…`);
  try {
    execFileSync('sh', ['-c', `DEBIAN_FRONTEND=noninteractive ${command}`], { stdio: 'inherit' });
    process.exit(0);
  } catch {
    console.error('Installing Chromium failed.');
  }
}
console.error(`The browser tests need Chromium. Install it with:\n  sudo ${command}\nor set CHROMIUM_PATH to a Chromium executable.`);
process.exit(1);
