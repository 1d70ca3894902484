import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { assetsDir } from './paths.js';

let cached: string | undefined;

/** A short hash of every static asset: it goes in their URLs so they can be cached for a year. */
export function assetVersion(): string {
  if (cached) return cached;
  const hash = crypto.createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(fs.readFileSync(full));
    }
  };
  walk(assetsDir);
  cached = hash.digest('hex').slice(0, 10);
  return cached;
}
