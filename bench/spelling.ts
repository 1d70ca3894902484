// Spelling suggestions: the deletion index against the linear scan it replaced (decision 099).
// npx tsx bench/spelling.ts [--terms 10000,30000]
import { SpellingDictionary } from '../src/lib/search/spelling.js';
import { mulberry32, syntheticWord, typo } from './words.js';

const sizes = (process.argv[process.argv.indexOf('--terms') + 1] ?? '10000,30000').split(',').map(Number);
const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * p)]!;

for (const size of sizes) {
  const random = mulberry32(size);
  const terms = new Set<string>();
  while (terms.size < size) terms.add(syntheticWord(random));
  const entries = [...terms].map((term) => ({ term, documents: 1 + Math.floor(random() * 50) }));
  const dictionary = new SpellingDictionary(entries);
  const started = performance.now();
  dictionary.suggest('zzzzzz');
  const buildMs = performance.now() - started;
  const words = entries.slice(0, 300).map(({ term }, i) => typo(term, random, 1 + (i % 2)));
  const time = (suggest: (word: string, options: { prefix: boolean }) => string[]) =>
    words.map((word, i) => {
      const t = performance.now();
      suggest(word, { prefix: i % 3 === 0 });
      return performance.now() - t;
    });
  const indexed = time((w, o) => dictionary.suggest(w, o));
  const scanned = time((w, o) => dictionary.suggestByScan(w, o));
  const heap = process.memoryUsage().heapUsed / 1e6;
  console.log(
    `${size} terms: index built in ${buildMs.toFixed(0)} ms (heap ${heap.toFixed(0)} MB); per misspelt word ` +
      `index p50 ${percentile(indexed, 0.5).toFixed(2)} / p95 ${percentile(indexed, 0.95).toFixed(2)} ms, ` +
      `scan p50 ${percentile(scanned, 0.5).toFixed(2)} / p95 ${percentile(scanned, 0.95).toFixed(2)} ms`,
  );
}
