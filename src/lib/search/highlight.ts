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
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 0;
// Other code points met so far (accented letters, punctuation): each is classified once.
const otherWordChars = new Map<number, boolean>();

function isWordChar(codePoint: number): boolean {
  if (codePoint < 128) return ASCII_WORD[codePoint] === 1;
  let known = otherWordChars.get(codePoint);
  if (known === undefined) {
    known = WORD_CHAR.test(String.fromCodePoint(codePoint));
    if (otherWordChars.size < 10000) otherWordChars.set(codePoint, known);
  }
  return known;
}

/**
 * Start and end offsets of the text's words, as /[\p{L}\p{M}\p{N}]+/gu finds them (code points, so a letter
 * outside the BMP stays whole), without a match object per word.
 */
export function wordBounds(text: string): number[] {
  const bounds: number[] = [];
  let start = -1;
  for (let i = 0; i < text.length;) {
    const codePoint = text.codePointAt(i)!;
    const size = codePoint > 0xffff ? 2 : 1;
    if (isWordChar(codePoint)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      bounds.push(start, i);
      start = -1;
    }
    i += size;
  }
  if (start >= 0) bounds.push(start, text.length);
  return bounds;
}

/** The whole text, escaped, with matched words in <mark>. */
export function highlightHtml(text: string, matches: (word: string) => boolean): string {
  let html = '';
  let last = 0;
  const bounds = wordBounds(text);
  for (let k = 0; k < bounds.length; k += 2) {
    const start = bounds[k]!;
    const end = bounds[k + 1]!;
    const word = text.slice(start, end);
    if (!matches(word)) continue;
    html += escapeHtml(text.slice(last, start)) + '<mark>' + escapeHtml(word) + '</mark>';
    last = end;
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * An escaped extract of about `length` words around the densest group of matched words, with those words
 * in <mark> and "…" where text was cut; the start of the text when nothing matches.
 */
export function snippetHtml(text: string, matches: (word: string) => boolean, length = 28): string {
  const bounds = wordBounds(text);
  const words = bounds.length / 2;
  if (words === 0) return escapeHtml(text.trim());
  const hits: boolean[] = new Array<boolean>(words);
  for (let w = 0; w < words; w++) hits[w] = matches(text.slice(bounds[2 * w]!, bounds[2 * w + 1]!));
  let bestStart = 0;
  let bestCount = -1;
  let count = 0;
  for (let i = 0; i < words; i++) {
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
  if (firstHit > bestStart + 3) bestStart = Math.min(firstHit - 3, Math.max(0, words - length));
  const end = Math.min(words, bestStart + length) - 1;
  const from = bestStart === 0 ? 0 : bounds[2 * bestStart]!;
  const to = end === words - 1 ? text.length : bounds[2 * end + 1]!;
  const extract = highlightHtml(text.slice(from, to).trim(), matches);
  return (from > 0 ? '…' : '') + extract + (to < text.length ? '…' : '');
}
