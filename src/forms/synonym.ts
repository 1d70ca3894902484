import { z } from 'zod';
import { foldedEquivalent, synonymKey } from '../lib/search/synonyms.js';
import { cleanText } from './form.js';

export const SYNONYM_WORD_MAX = 40;
export const EQUIVALENT_MAX = 60;
export const EQUIVALENTS_MAX = 12;

/** One synonym entry: a single word typed by people, and what the search also looks for, one per line. */
export const synonymForm = z.object({
  word: cleanText({ error: 'Indiquez le mot tapé dans la recherche.' })
    .min(1, 'Indiquez le mot tapé dans la recherche.')
    .max(SYNONYM_WORD_MAX, `Le mot ne peut dépasser ${SYNONYM_WORD_MAX} caractères.`)
    .transform((value, ctx) => {
      const key = synonymKey(value);
      if (key === '' || key.includes(' ')) {
        ctx.addIssue({
          code: 'custom',
          message: 'Un seul mot, sans espace ni trait d’union (la recherche lit les mots un à un).',
        });
        return z.NEVER;
      }
      return key;
    }),
  equivalents: cleanText({ error: 'Indiquez au moins un équivalent.' }).transform((value, ctx) => {
    const lines = [...new Set(value.split('\n').map((line) => line.trim().replace(/\s+/g, ' ')))].filter(Boolean);
    if (lines.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'Indiquez au moins un équivalent, un par ligne.' });
      return z.NEVER;
    }
    if (lines.length > EQUIVALENTS_MAX) {
      ctx.addIssue({ code: 'custom', message: `${EQUIVALENTS_MAX} équivalents au plus.` });
      return z.NEVER;
    }
    const long = lines.find((line) => line.length > EQUIVALENT_MAX);
    if (long) {
      ctx.addIssue({ code: 'custom', message: `«\u00a0${long}\u00a0» dépasse ${EQUIVALENT_MAX} caractères.` });
      return z.NEVER;
    }
    const empty = lines.find((line) => foldedEquivalent(line) === '');
    if (empty) {
      ctx.addIssue({ code: 'custom', message: `«\u00a0${empty}\u00a0» ne contient aucun mot.` });
      return z.NEVER;
    }
    return lines;
  }),
});

export type SynonymFormData = z.output<typeof synonymForm>;
