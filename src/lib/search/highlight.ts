import { foldSearchText, type SearchTerm } from './query.js';

/** Private-use characters FTS5 puts around a matched word when we ask it how a word is written. */
export const MARK_OPEN = '\uE000';
export const MARK_CLOSE = '\uE001';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** True when a word of the text (any case, accents, ligatures) satisfies one of the query terms. */
export function wordMatcher(terms: SearchTerm[]): (word: string) => boolean {
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const term of terms) {
    for (const alternative of term.alternatives) {
      // A synonym phrase ("sante mentale"): each of its words is marked, the last one as a prefix.
      const words = alternative.split(' ');
      const last = words.pop()!;
      for (const word of words) exact.add(word);
      if (term.prefix) prefixes.push(last);
      else exact.add(last);
    }
  }
  // Words repeat across a page's snippets: decide each distinct word once.
  const seen = new Map<string, boolean>();
  return (word) => {
    let result = seen.get(word);
    if (result === undefined) {
      const folded = foldSearchText(word);
      result = exact.has(folded) || prefixes.some((prefix) => folded.startsWith(prefix));
      seen.set(word, result);
    }
    return result;
  };
}

// Words as the index splits them: letters, combining marks and digits; everything else separates.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** The whole text, escaped, with matched words in <mark>. */
export function highlightHtml(text: string, matches: (word: string) => boolean): string {
  let html = '';
  let last = 0;
  for (const found of text.matchAll(WORD)) {
    if (!matches(found[0])) continue;
    html += escapeHtml(text.slice(last, found.index)) + '<mark>' + escapeHtml(found[0]) + '</mark>';
    last = found.index + found[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * An escaped extract of about `length` words around the densest group of matched words, with those words
 * in <mark> and "…" where text was cut; the start of the text when nothing matches.
 */
export function snippetHtml(text: string, matches: (word: string) => boolean, length = 28): string {
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
  // A little context before the first match reads better than starting on it.
  const firstHit = hits.indexOf(true, bestStart);
  if (firstHit > bestStart + 3) bestStart = Math.min(firstHit - 3, Math.max(0, words.length - length));
  const end = Math.min(words.length, bestStart + length) - 1;
  const from = bestStart === 0 ? 0 : words[bestStart]!.index;
  const to = end === words.length - 1 ? text.length : words[end]!.index + words[end]![0].length;
  const extract = highlightHtml(text.slice(from, to).trim(), matches);
  return (from > 0 ? '…' : '') + extract + (to < text.length ? '…' : '');
}
