import { it } from 'vitest';
import { buildTestApp } from './support/app.js';
import { seedDatabase } from '../src/queries/seed.js';
import { parseHtml } from './support/html.js';
it('x', async () => {
  const ctx = await buildTestApp();
  seedDatabase(ctx.db, 'demo');
  const qs = (process.env.QS ?? '').split('|');
  for (const q of qs) {
    const r = await ctx.app.inject({ url: '/recherche?' + q });
    const doc = parseHtml(r.body);
    const main = doc
      .querySelectorAll('.search-results:not(.search-results-relaxed) .result-title a')
      .map((a) => a.textContent.trim());
    const relaxed = doc.querySelectorAll('.search-results-relaxed .result-title a').map((a) => a.textContent.trim());
    const chips = doc.querySelectorAll('.search-chip').map((c) => c.textContent.trim());
    console.log(
      `${q} → ${doc.querySelector('#search-count')?.textContent.trim()} | chips ${JSON.stringify(chips)}\n   ${main.slice(0, 5).join(' / ')}\n   relaxed: ${doc.querySelector('.search-relaxed-note')?.textContent.trim() ?? ''} ${relaxed.slice(0, 4).join(' / ')}`,
    );
  }
}, 60000);
