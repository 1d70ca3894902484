/**
 * Optimal-string-alignment Damerau–Levenshtein distance (one letter wrong, missing, extra or two swapped = 1),
 * giving up early: returns max + 1 as soon as the distance must exceed max.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let before = new Array<number>(n + 1).fill(0);
  let previous = Array.from({ length: n + 1 }, (_, j) => j);
  let current = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return previous[n]!;
}

/** Typos tolerated for a word of this length: none under 4 letters (too many neighbours), 1 up to 7, then 2. */
export function allowedTypos(word: string): number {
  if (word.length < 4) return 0;
  return word.length <= 7 ? 1 : 2;
}

export interface DictionaryTerm {
  term: string;
  /** Number of organisations whose entry contains the term. */
  documents: number;
}

/** The index's vocabulary, sorted for prefix look-ups, with typo-tolerant suggestions. */
export class SpellingDictionary {
  private readonly terms: string[];
  private readonly documents: Map<string, number>;

  constructor(entries: DictionaryTerm[]) {
    this.terms = entries.map((entry) => entry.term).sort();
    this.documents = new Map(entries.map((entry) => [entry.term, entry.documents]));
  }

  get size(): number {
    return this.terms.length;
  }

  has(term: string): boolean {
    return this.documents.has(term);
  }

  /** True when some indexed word starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    let low = 0;
    let high = this.terms.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.terms[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    return low < this.terms.length && this.terms[low]!.startsWith(prefix);
  }

  /** Whether the index can satisfy this word as typed (exactly, or as a prefix). */
  knows(word: string, prefix: boolean): boolean {
    return prefix ? this.hasPrefix(word) : this.has(word);
  }

  /**
   * Indexed words closest to `word` (fewest edits, then most common), at most `limit`; with `prefix`,
   * the start of a longer word also counts ("hebreg" → "hebergement").
   */
  suggest(word: string, options: { prefix?: boolean; limit?: number } = {}): string[] {
    const max = allowedTypos(word);
    if (max === 0) return [];
    const limit = options.limit ?? 3;
    const found: { term: string; distance: number; documents: number }[] = [];
    for (const term of this.terms) {
      // Digits and one-letter words make poor suggestions.
      if (term.length < 2 || /^\d+$/.test(term)) continue;
      if (term.length < word.length - max) continue;
      let distance = term.length <= word.length + max ? editDistance(word, term, max) : max + 1;
      if (options.prefix && distance > max && term.length > word.length) {
        distance = editDistance(word, term.slice(0, word.length), max);
      }
      if (distance <= max) found.push({ term, distance, documents: this.documents.get(term) ?? 0 });
    }
    found.sort((a, b) => a.distance - b.distance || b.documents - a.documents || a.term.localeCompare(b.term));
    const best = found[0]?.distance;
    return found
      .filter((candidate) => candidate.distance === best)
      .slice(0, limit)
      .map((candidate) => candidate.term);
  }
}
