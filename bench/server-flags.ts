import fs from 'node:fs';
import path from 'node:path';

/** The Node flags of `npm start` (the heap budget among them), so that benchmarks run the server as production does. */
export function serverNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  return pkg.scripts.start.match(/(?<=\s)--[\w-]+(?:=\S+)?/g) ?? [];
}

/** The environment variables the `start` script sets before `node` (MALLOC_ARENA_MAX, decision 050). */
export function serverEnv(): Record<string, string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const prefix = /^((?:\w+=\S+\s+)*)node\s/.exec(pkg.scripts.start)?.[1] ?? '';
  return Object.fromEntries(
    prefix
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => pair.split('=', 2) as [string, string]),
  );
}
