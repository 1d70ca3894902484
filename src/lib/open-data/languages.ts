/** One language of a free-text « Langues » field, as HSDS `languages` rows want it. */
export interface LanguageEntry {
  name: string;
  /** ISO 639-1 code; empty when the language has none or is not recognised. */
  code: string;
  note: string;
}

export const UNKNOWN_LANGUAGE_NOTE = 'Langue inscrite telle quelle\u00a0: aucun code ISO 639-1 reconnu.';

// French name (and common English name) → ISO 639-1; names are compared without accents or case.
const ISO_639_1: [code: string, name: string, ...aliases: string[]][] = [
  ['fr', 'Français', 'french'],
  ['en', 'Anglais', 'english'],
  ['es', 'Espagnol', 'spanish', 'castillan'],
  ['ar', 'Arabe', 'arabic'],
  ['pt', 'Portugais', 'portuguese'],
  ['it', 'Italien', 'italian'],
  ['de', 'Allemand', 'german'],
  ['zh', 'Chinois', 'chinese', 'mandarin'],
  ['vi', 'Vietnamien', 'vietnamese'],
  ['ru', 'Russe', 'russian'],
  ['uk', 'Ukrainien', 'ukrainian'],
  ['pl', 'Polonais', 'polish'],
  ['ro', 'Roumain', 'romanian'],
  ['el', 'Grec', 'greek'],
  ['tr', 'Turc', 'turkish'],
  ['fa', 'Persan', 'farsi', 'persian'],
  ['ku', 'Kurde', 'kurdish'],
  ['ht', 'Créole haïtien', 'creole', 'haitian creole', 'kreyol'],
  ['tl', 'Tagalog', 'filipino'],
  ['hi', 'Hindi'],
  ['ur', 'Ourdou', 'urdu'],
  ['pa', 'Pendjabi', 'punjabi', 'panjabi'],
  ['bn', 'Bengali', 'bengali'],
  ['ta', 'Tamoul', 'tamil'],
  ['ko', 'Coréen', 'korean'],
  ['ja', 'Japonais', 'japanese'],
  ['ne', 'Népalais', 'nepali'],
  ['so', 'Somali'],
  ['sw', 'Swahili'],
  ['am', 'Amharique', 'amharic'],
  ['ti', 'Tigrigna', 'tigrinya'],
  ['ln', 'Lingala'],
  ['wo', 'Wolof'],
  ['iu', 'Inuktitut'],
  ['cr', 'Cri', 'cree'],
  ['oj', 'Ojibwé', 'ojibwe', 'ojibway'],
];

const key = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();

const BY_NAME = new Map(
  ISO_639_1.flatMap(([code, name, ...aliases]) => [name, ...aliases].map((n) => [key(n), { code, name }] as const)),
);

/**
 * « Français et anglais », « français, anglais, espagnol » → one entry per language, with its ISO 639-1 code when
 * known; an unrecognised language is kept as written, without a code, and says so in its note.
 */
export function parseLanguages(text: string | null): LanguageEntry[] {
  const parts = (text ?? '')
    .split(/[,;/+]|\s(?:et|and|ou|or)\s|\n/i)
    .map((part) => part.trim().replace(/\.$/, ''))
    .filter(Boolean);
  const seen = new Set<string>();
  const entries: LanguageEntry[] = [];
  for (const part of parts) {
    const known = BY_NAME.get(key(part));
    const entry = known ? { ...known, note: '' } : { name: part, code: '', note: UNKNOWN_LANGUAGE_NOTE };
    const id = entry.code || key(part);
    if (seen.has(id)) continue;
    seen.add(id);
    entries.push(entry);
  }
  return entries;
}

/** A stable key per language of an organisation (its code, or its name when it has none): part of its HSDS id. */
export const languageKey = (entry: LanguageEntry) => entry.code || key(entry.name);
