import fs from 'node:fs';
import path from 'node:path';

/** The Node flags of `npm start` (the heap budget among them), so that benchmarks run the server as production does. */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start.match(/(?<=\s)--[\w-]+(?:=\S+)?/g) ?? [];
}
