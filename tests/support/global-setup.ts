import fs from 'node:fs';
import { chromiumPath } from './browser.js';

export default function setup(): void {
  if (!fs.existsSync(chromiumPath())) {
    throw new Error(
      `Chromium not found at ${chromiumPath()}: run "node scripts/ensure-chromium.mjs" or set CHROMIUM_PATH.`,
    );
  }
}
