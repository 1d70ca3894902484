/**
 * Passwords that are long enough but among an attacker's first guesses against this site: a repeated
 * character, whitespace, a run of the keyboard, or a name of the site, the territory or the account
 * dressed up with digits and symbols (decision 058).
 */

export interface PasswordContext {
  /** The configured SITE_NAME: its words count as guessable. */
  siteName?: string;
  /** The account's own name and email. */
  personal?: (string | null | undefined)[];
}

type Origin = 'site' | 'obvious' | 'personal';

// Words anyone attacking this directory tries first, with how the message writes them.
const SITE_WORDS: Record<string, string> = {
  cosmoss: 'COSMOSS',
  rimouski: 'Rimouski',
  neigette: 'Neigette',
  repertoire: 'répertoire',
  ressources: 'ressources',
  ressource: 'ressource',
  arbre: 'arbre',
  coordination: 'coordination',
  quebec: 'Québec',
};
const OBVIOUS_WORDS = ['admin', 'administrateur', 'motdepasse', 'password', 'connexion'];
const ORIGINS: Record<Origin, string> = {
  site: 'un nom lié à ce site ou à son territoire',
  obvious: 'un mot que tout attaquant essaie',
  personal: 'tiré du nom ou du courriel du compte',
};

const SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  '01234567890',
  'azertyuiop',
  'qwertyuiop',
  'qsdfghjklm',
  'asdfghjkl',
  'wxcvbn',
  'zxcvbnm',
];
const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
  '!': 'i',
};
const MIN_OTHER_LETTERS = 4;
const NO_LETTERS_MIN_LENGTH = 12;

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const letters = (text: string) => text.replace(/[^\p{L}]/gu, '');
const words = (text: string) =>
  fold(text)
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= 3);

const ADD_WORDS = 'Ajoutez d’autres mots, par exemple une courte phrase.';

function isSequence(folded: string): boolean {
  const compact = folded.replace(/\s/g, '');
  const reversed = [...compact].reverse().join('');
  return SEQUENCES.some((run) => run.includes(compact) || run.includes(reversed));
}

/** The context word the password is built on, with how to name it, or null. */
function contextWord(
  folded: string,
  context: PasswordContext,
  isCommon: (word: string) => boolean,
): { word: string; origin: Origin } | null {
  const known = new Map<string, { display: string; origin: Origin }>();
  for (const word of OBVIOUS_WORDS) known.set(word, { display: word, origin: 'obvious' });
  for (const [word, display] of Object.entries(SITE_WORDS)) known.set(word, { display, origin: 'site' });
  for (const raw of (context.siteName ?? '').split(/[^\p{L}]+/u)) {
    if (raw.length >= 3) known.set(fold(raw), { display: raw, origin: 'site' });
  }
  for (const value of context.personal ?? []) {
    // An email's top-level domain (".org") is no clue.
    const text = value?.includes('@') ? value.replace(/\.[^.@]*$/, '') : (value ?? '');
    for (const word of words(text)) if (!known.has(word)) known.set(word, { display: word, origin: 'personal' });
  }
  const byLength = [...known.keys()].sort((a, b) => b.length - a.length);
  const leet = [...folded].map((char) => LEET[char] ?? char).join('');
  for (const variant of [folded, leet]) {
    let rest = variant;
    const found: { index: number; word: string }[] = [];
    for (const word of byLength) {
      const index = variant.indexOf(word);
      if (index >= 0 && rest.includes(word)) {
        found.push({ index, word });
        rest = rest.split(word).join(' ');
      }
    }
    const others = letters(rest);
    if (found.length && (others.length < MIN_OTHER_LETTERS || isCommon(others))) {
      const first = found.sort((a, b) => a.index - b.index)[0]!;
      const entry = known.get(first.word)!;
      return { word: entry.display, origin: entry.origin };
    }
  }
  return null;
}

/** Why this password is easy to guess here, in French, or null. Length and the common list are checked before. */
export function guessableReason(
  password: string,
  context: PasswordContext,
  isCommon: (word: string) => boolean,
): string | null {
  if (/^\s+$/u.test(password))
    return 'Un mot de passe fait seulement d’espaces se devine tout de suite. Choisissez-en un autre, par exemple une courte phrase.';
  const folded = fold(password);
  if (new Set(folded).size < 4)
    return 'Ce mot de passe répète trop peu de caractères différents (comme «\u00a0aaaaaaaa\u00a0»)\u00a0: il se devine tout de suite. Une courte phrase est plus sûre.';
  if (isSequence(folded))
    return 'Ce mot de passe suit l’alphabet, les chiffres ou une rangée du clavier\u00a0: il se devine tout de suite. Une courte phrase est plus sûre.';
  const found = contextWord(folded, context, isCommon);
  if (found) {
    return `Ce mot de passe repose sur «\u00a0${found.word}\u00a0», ${ORIGINS[found.origin]}, avec des chiffres ou des symboles\u00a0: c’est parmi les premiers essais d’un attaquant ici. ${ADD_WORDS}`;
  }
  const core = folded.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (core && core !== folded && isCommon(core)) {
    return `Ce mot de passe est un mot courant («\u00a0${core}\u00a0») accompagné de chiffres ou de symboles\u00a0: c’est parmi les premiers essais d’un attaquant. ${ADD_WORDS}`;
  }
  if (!letters(folded) && password.length < NO_LETTERS_MIN_LENGTH) {
    return `Un mot de passe de moins de ${NO_LETTERS_MIN_LENGTH} caractères sans aucune lettre se devine trop vite. ${ADD_WORDS}`;
  }
  return null;
}
