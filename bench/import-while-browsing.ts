// Part of `npm run bench`: commits a 5,000-row import through the admin's import path (worker thread) while
// visitors browse, and reports the latency of /healthz and a thème page during the preview and the commit.
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

interface Sample {
  target: string;
  end: number;
  ms: number;
}
export interface PhaseFigures {
  phase: string;
  seconds: number;
  target: string;
  count: number;
  p50: number;
  p99: number;
  max: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function post<T>(url: string): Promise<T> {
  const response = await fetch(url, { method: 'POST' });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** Visitors at a steady 100 requests/s per page (not a saturating load), timed while the import runs. */
export async function importWhileBrowsing(
  address: string,
  themeSlug: string,
): Promise<{ figures: PhaseFigures[]; summary: string }> {
  const samples: Sample[] = [];
  const targets = { '/healthz': `${address}/healthz`, [`/themes/${themeSlug}`]: `${address}/themes/${themeSlug}` };
  const visitors = Object.entries(targets).map(([target, url]) => {
    // (With a callback, autocannon returns the instance, which can be stopped.)
    const instance = autocannon(
      { url, connections: 4, overallRate: 100, duration: 3600, headers: { accept: 'text/html' } },
      () => {},
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) =>
      samples.push({ target, end: performance.now(), ms }),
    );
    return instance;
  });
  await new Promise((resolve) => setTimeout(resolve, 2000));
  // The same visitors without an import first: what the machine gives anyway.
  let from = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  const phases: { phase: string; from: number; to: number }[] = [{ phase: 'no import', from, to: performance.now() }];
  from = performance.now();
  const preview = await post<{ ms: number; rows: number; fingerprint: string | null; problems: unknown[] }>(
    `${address}/__bench/import/preview`,
  );
  phases.push({ phase: 'preview', from, to: performance.now() });
  if (!preview.fingerprint) throw new Error(`the import file has problems: ${JSON.stringify(preview.problems)}`);
  from = performance.now();
  const commit = await post<{ ms: number; status: string; counts: Record<string, number> | null }>(
    `${address}/__bench/import/commit?empreinte=${encodeURIComponent(preview.fingerprint)}`,
  );
  phases.push({ phase: 'commit', from, to: performance.now() });
  for (const instance of visitors) instance.stop();
  if (commit.status !== 'applied') throw new Error(`commit ${commit.status}`);
  const figures = phases.flatMap(({ phase, from: start, to }) =>
    Object.keys(targets).map((target) => {
      const times = samples
        .filter((s) => s.target === target && s.end >= start && s.end <= to)
        .map((s) => s.ms)
        .sort((a, b) => a - b);
      return {
        phase,
        seconds: (to - start) / 1000,
        target,
        count: times.length,
        p50: percentile(times, 50),
        p99: percentile(times, 99),
        max: times.at(-1) ?? NaN,
      };
    }),
  );
  return {
    figures,
    summary: `${preview.rows} rows: preview ${(preview.ms / 1000).toFixed(1)} s, commit ${(commit.ms / 1000).toFixed(1)} s (${JSON.stringify(commit.counts)})`,
  };
}
