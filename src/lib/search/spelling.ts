// Three rows of the distance table, reused by every call: suggestions compare thousands of candidates per word.
let table = new Int32Array(48);

/**
 * Optimal-string-alignment Damerau–Levenshtein distance (one letter wrong, missing, extra or two swapped = 1),
 * giving up early: returns max + 1 as soon as the distance must exceed max.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  const width = n + 1;
  if (table.length < 3 * width) table = new Int32Array(6 * width);
  const rows = table;
  // Offsets of the rows i - 2 (before), i - 1 (previous) and i (current).
  let before = 0;
  let previous = width;
  let current = 2 * width;
  for (let j = 0; j <= n; j++) {
    rows[before + j] = 0;
    rows[previous + j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    const ai = a.charCodeAt(i - 1);
    const aBefore = i > 1 ? a.charCodeAt(i - 2) : -1;
    rows[current] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let value = Math.min(rows[previous + j]! + 1, rows[current + j - 1]! + 1, rows[previous + j - 1]! + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && aBefore === bj)
        value = Math.min(value, rows[before + j - 2]! + 1);
      rows[current + j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return rows[previous + n]!;
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

// Deletion index (SymSpell): every word's first INDEXED_PREFIX letters, minus up to MAX_DELETIONS of them.
const INDEXED_PREFIX = 5;
const MAX_DELETIONS = 2;

/** `text` and every string made by deleting up to `count` of its letters. */
function deletions(text: string, count: number): Set<string> {
  const found = new Set([text]);
  let frontier = [text];
  for (let round = 0; round < count; round++) {
    const next: string[] = [];
    for (const item of frontier) {
      for (let i = 0; i < item.length; i++) {
        const shorter = item.slice(0, i) + item.slice(i + 1);
        if (!found.has(shorter)) {
          found.add(shorter);
          next.push(shorter);
        }
      }
    }
    frontier = next;
  }
  return found;
}

const lowerBound = (sorted: string[], key: string) => {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid]! < key) low = mid + 1;
    else high = mid;
  }
  return low;
};

/**
 * Keys (a word's indexed prefix minus up to two letters) sorted, each with the word it came from. Two
 * words within k edits (OSA) reduce to one string by at most k deletions each; cut to a prefix, one of
 * those two strings starts with the other. So every word within reach of a query shows up either under a
 * key starting with one of the query's deletions, or under a key that is a prefix of one (decision 099).
 */
class DeletionIndex {
  private readonly keys: string[];
  /** For each key, the prefix it was made from; words sharing a prefix are indexed once. */
  private readonly prefixOf: Int32Array;
  private readonly wordsOf: number[][];
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(terms: string[]) {
    const prefixes = new Map<string, number[]>();
    terms.forEach((term, id) => {
      const prefix = term.slice(0, INDEXED_PREFIX);
      const words = prefixes.get(prefix);
      if (words) words.push(id);
      else prefixes.set(prefix, [id]);
    });
    this.wordsOf = [...prefixes.values()];
    const pairs: { key: string; prefix: number }[] = [];
    [...prefixes.keys()].forEach((prefix, index) => {
      for (const key of deletions(prefix, MAX_DELETIONS)) pairs.push({ key, prefix: index });
    });
    pairs.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    this.keys = pairs.map((pair) => pair.key);
    this.prefixOf = Int32Array.from(pairs, (pair) => pair.prefix);
    this.seen = new Uint32Array(this.wordsOf.length);
  }

  /** Ids of every word that may be within `max` edits of `word` (or of its start): a superset, to check. */
  candidates(word: string, max: number): number[] {
    // Prefixes seen in this call carry its stamp: no set to build per call (thousands of keys at 30,000 words).
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    const found: number[] = [];
    const add = (prefix: number) => {
      if (this.seen[prefix] === stamp) return;
      this.seen[prefix] = stamp;
      // Each word belongs to one prefix: no id is added twice.
      for (const id of this.wordsOf[prefix]!) found.push(id);
    };
    for (const variant of deletions(word.slice(0, INDEXED_PREFIX), max)) {
      // Keys that start with the variant.
      for (let i = lowerBound(this.keys, variant); i < this.keys.length && this.keys[i]!.startsWith(variant); i++) {
        add(this.prefixOf[i]!);
      }
      // Keys that the variant starts with.
      for (let length = Math.max(0, variant.length - MAX_DELETIONS - max); length < variant.length; length++) {
        const prefix = variant.slice(0, length);
        for (let i = lowerBound(this.keys, prefix); i < this.keys.length && this.keys[i] === prefix; i++) {
          add(this.prefixOf[i]!);
        }
      }
    }
    return found;
  }
}

const MAX_REMEMBERED_ANSWERS = 20_000;

interface Candidate {
  term: string;
  distance: number;
  documents: number;
}

/** The index's vocabulary, sorted for prefix look-ups, with typo-tolerant suggestions. */
export class SpellingDictionary {
  private readonly terms: string[];
  private readonly documents: Map<string, number>;
  // Shared with the previous version's dictionary when the words are the same: an edit that adds no
  // new word (most of them) does not rebuild the index.
  private readonly built: { index?: DeletionIndex };
  /** Answers given since this dictionary was loaded (so for this data version only: counts change ranks). */
  private readonly answers = new Map<string, string[]>();

  constructor(entries: DictionaryTerm[], previous?: SpellingDictionary) {
    this.terms = entries.map((entry) => entry.term).sort();
    this.documents = new Map(entries.map((entry) => [entry.term, entry.documents]));
    const same =
      previous !== undefined &&
      previous.terms.length === this.terms.length &&
      previous.terms.every((term, i) => term === this.terms[i]);
    this.built = same ? previous.built : {};
  }

  get size(): number {
    return this.terms.length;
  }

  has(term: string): boolean {
    return this.documents.has(term);
  }

  /** True when some indexed word starts with `prefix`. */
  hasPrefix(prefix: string): boolean {
    const low = lowerBound(this.terms, prefix);
    return low < this.terms.length && this.terms[low]!.startsWith(prefix);
  }

  /** The indexed words starting with `prefix`, in order; null when there are more than `max`. */
  wordsStartingWith(prefix: string, max: number): string[] | null {
    const found: string[] = [];
    for (let i = lowerBound(this.terms, prefix); i < this.terms.length && this.terms[i]!.startsWith(prefix); i++) {
      if (found.length === max) return null;
      found.push(this.terms[i]!);
    }
    return found;
  }

  /** Whether the index can satisfy this word as typed (exactly, or as a prefix). */
  knows(word: string, prefix: boolean): boolean {
    return prefix ? this.hasPrefix(word) : this.has(word);
  }

  /**
   * Indexed words closest to `word` (fewest edits, then most common), at most `limit`; with `prefix`,
   * the start of a longer word also counts ("hebreg" → "hebergement"). Looks in a deletion index built
   * once per dictionary (so once per data version) instead of comparing with every word.
   */
  suggest(word: string, options: { prefix?: boolean; limit?: number } = {}): string[] {
    const max = allowedTypos(word);
    if (max === 0) return [];
    // The same misspellings come back (« hebergment »), from searches and from every keystroke.
    const key = `${options.prefix ? 'p' : 'w'}${options.limit ?? 3} ${word}`;
    const known = this.answers.get(key);
    if (known) return [...known];
    this.built.index ??= new DeletionIndex(this.terms);
    const found: Candidate[] = [];
    for (const id of this.built.index.candidates(word, max)) this.consider(this.terms[id]!, word, max, options, found);
    const answer = best(found, options.limit ?? 3);
    if (this.answers.size >= MAX_REMEMBERED_ANSWERS) this.answers.clear();
    this.answers.set(key, answer);
    return [...answer];
  }

  /** The same answer as suggest(), by comparing with every word: the reference the index is tested against. */
  suggestByScan(word: string, options: { prefix?: boolean; limit?: number } = {}): string[] {
    const max = allowedTypos(word);
    if (max === 0) return [];
    const found: Candidate[] = [];
    for (const term of this.terms) this.consider(term, word, max, options, found);
    return best(found, options.limit ?? 3);
  }

  private consider(term: string, word: string, max: number, options: { prefix?: boolean }, found: Candidate[]): void {
    // Digits and one-letter words make poor suggestions.
    if (term.length < 2 || /^\d+$/.test(term)) return;
    if (term.length < word.length - max) return;
    let distance = term.length <= word.length + max ? editDistance(word, term, max) : max + 1;
    if (options.prefix && distance > max && term.length > word.length) {
      distance = editDistance(word, term.slice(0, word.length), max);
    }
    if (distance <= max) found.push({ term, distance, documents: this.documents.get(term) ?? 0 });
  }
}

function best(found: Candidate[], limit: number): string[] {
  found.sort((a, b) => a.distance - b.distance || b.documents - a.documents || a.term.localeCompare(b.term));
  const least = found[0]?.distance;
  return found
    .filter((candidate) => candidate.distance === least)
    .slice(0, limit)
    .map((candidate) => candidate.term);
}
