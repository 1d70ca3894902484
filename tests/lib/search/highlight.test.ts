import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlightHtml, snippetHtml, wordMatcher } from '../../../src/lib/search/highlight.js';
import { parseSearchQuery } from '../../../src/lib/search/query.js';

const matcher = (q: string) => wordMatcher(parseSearchQuery(q).terms);

describe('highlightHtml', () => {
  it('marks matched words whatever their case, accents or ligatures, and escapes the rest', () => {
    expect(highlightHtml('Auberge du Cœur <Rimouski>', matcher('coeur'))).toBe(
      'Auberge du <mark>Cœur</mark> &lt;Rimouski&gt;',
    );
    expect(highlightHtml("Centre d'entraide Saint-Jérôme", matcher('entraide jerome'))).toBe(
      'Centre d&#39;<mark>entraide</mark> Saint-<mark>Jérôme</mark>',
    );
    expect(highlightHtml('Hébergement et hébergements', matcher('heberg'))).toBe(
      '<mark>Hébergement</mark> et <mark>hébergements</mark>',
    );
  });

  it('never lets markup through', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', 'b', ' ', 'é') }), (text) => {
        const html = highlightHtml(text, matcher('a'));
        expect(html.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"']/);
        expect((html.match(/<mark>/g) ?? []).length).toBe((html.match(/<\/mark>/g) ?? []).length);
      }),
    );
  });
});

describe('snippetHtml', () => {
  const long = `${'Début du texte sans intérêt. '.repeat(10)}On y offre de l'aide alimentaire d'urgence. ${'Suite sans rapport. '.repeat(10)}`;

  it('cuts around the matched words with ellipses', () => {
    const html = snippetHtml(long, matcher('alimentaire'), 12);
    expect(html.startsWith('…')).toBe(true);
    expect(html.endsWith('…')).toBe(true);
    expect(html).toContain('<mark>alimentaire</mark>');
    expect(html.replace(/<[^>]+>/g, '').split(/\s+/).length).toBeLessThanOrEqual(14);
  });

  it('starts at the beginning when nothing matches, and keeps short texts whole', () => {
    expect(snippetHtml(long, matcher('zzz'), 5)).toBe('Début du texte sans intérêt…');
    expect(snippetHtml('Court & simple', matcher('simple'))).toBe('Court &amp; <mark>simple</mark>');
  });
});
