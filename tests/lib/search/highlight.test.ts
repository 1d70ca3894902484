import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, highlightHtml, snippetHtml, wordMatcher } from '../../../src/lib/search/highlight.js';
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

// The straightforward versions (a regex match per word) that the word scanner must agree with.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;
function referenceHighlight(text: string, matches: (word: string) => boolean): string {
  let html = '';
  let last = 0;
  for (const found of text.matchAll(WORD)) {
    if (!matches(found[0])) continue;
    html += escapeHtml(text.slice(last, found.index)) + '<mark>' + escapeHtml(found[0]) + '</mark>';
    last = found.index + found[0].length;
  }
  return html + escapeHtml(text.slice(last));
}
function referenceSnippet(text: string, matches: (word: string) => boolean, length = 28): string {
  const words = [...text.matchAll(WORD)];
  if (words.length === 0) return escapeHtml(text.trim());
  const hits = words.map((word) => matches(word[0]));
  let bestStart = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < words.length; i++) {
    if (hits[i]) count++;
    if (i >= length && hits[i - length]) count--;
    const start = Math.max(0, i - length + 1);
    if (count > bestCount) {
      bestCount = count;
      bestStart = start;
    }
  }
  const firstHit = hits.indexOf(true, bestStart);
  if (firstHit > bestStart + 3) bestStart = Math.min(firstHit - 3, Math.max(0, words.length - length));
  const end = Math.min(words.length, bestStart + length) - 1;
  const from = bestStart === 0 ? 0 : words[bestStart]!.index;
  const to = end === words.length - 1 ? text.length : words[end]!.index + words[end]![0].length;
  const extract = referenceHighlight(text.slice(from, to).trim(), matches);
  return (from > 0 ? '…' : '') + extract + (to < text.length ? '…' : '');
}

describe('the word scanner behind highlightHtml and snippetHtml', () => {
  // Accents (composed and combining), ligatures, digits, apostrophes, a letter and an emoji outside the BMP,
  // a lone surrogate, markup and spaces.
  const unit = fc.constantFrom(
    ...['a', 'b', 'e', 'é', 'e\u0301', 'œ', 'Œ', 'É', '1', '2', ' ', ' ', "'", '’', '-', '.', '<', '&', '\u00a0'],
    ...['𝒜', '😀', '\ud800', '\udc00', '\u0301', 'ß', 'ø', '٣'],
  );
  const text = fc.string({ unit, maxLength: 120 });
  const query = fc.constantFrom('a', 'e', 'ab', 'be', 'coeur oe', '1', 'a2', 'ß', '𝒜', 'ø');

  it('marks and cuts exactly as matching each word with the regular expression does', () => {
    fc.assert(
      fc.property(text, query, fc.integer({ min: 1, max: 30 }), (t, q, length) => {
        expect(highlightHtml(t, matcher(q))).toBe(referenceHighlight(t, matcher(q)));
        expect(snippetHtml(t, matcher(q), length)).toBe(referenceSnippet(t, matcher(q), length));
      }),
      { numRuns: 3000, seed: 17 },
    );
  });
});
