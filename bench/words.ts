// Pseudo-French words and typos for the benchmarks: a vocabulary as large as a 50,000-entry directory's.

/** A small seeded generator, so every run measures the same words. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ONSETS = ['b', 'c', 'ch', 'd', 'f', 'g', 'j', 'l', 'm', 'n', 'p', 'pr', 'r', 's', 't', 'tr', 'v', ''];
const NUCLEI = ['a', 'e', 'i', 'o', 'ou', 'u', 'ai', 'eu', 'an', 'on', 'in'];
const CODAS = ['', '', 'r', 's', 'l', 'n', 't'];
const ENDINGS = ['', 'ment', 'tion', 'eur', 'euse', 'ique', 'age', 'ite', 'ance', 'aire'];

/** A folded word of two to four syllables, with a common French ending. */
export function syntheticWord(random: () => number): string {
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  let word = '';
  const syllables = 2 + Math.floor(random() * 3);
  for (let i = 0; i < syllables; i++) word += pick(ONSETS) + pick(NUCLEI) + pick(CODAS);
  return word + pick(ENDINGS);
}

/** The word with `count` typical typos: a letter dropped, doubled, swapped or replaced. */
export function typo(word: string, random: () => number, count = 1): string {
  let result = word;
  for (let n = 0; n < count; n++) {
    const i = 1 + Math.floor(random() * Math.max(1, result.length - 2));
    const kind = Math.floor(random() * 4);
    if (kind === 0) result = result.slice(0, i) + result.slice(i + 1);
    else if (kind === 1) result = result.slice(0, i) + result[i] + result.slice(i);
    else if (kind === 2 && i + 1 < result.length)
      result = result.slice(0, i) + result[i + 1] + result[i] + result.slice(i + 2);
    else result = result.slice(0, i) + 'aeiou'[Math.floor(random() * 5)] + result.slice(i + 1);
  }
  return result;
}
