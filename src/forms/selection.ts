import { z } from 'zod';
import { idParam } from './id-param.js';

/** Characters of a note for one organisation on the fiche: two short lines. */
export const NOTE_MAX = 160;

const id = idParam;
const returnPath = z.string().optional();

/** « Ajouter à ma sélection » / « Retirer »: the organisation and the page to go back to. */
export const selectionItemForm = z.object({ id, retour: returnPath });

/** « Monter » / « Descendre » on /ma-selection. */
export const selectionMoveForm = z.object({ id, sens: z.enum(['haut', 'bas']) });

/** « Importer cette sélection »: the ids of a share link, parsed leniently by parseSelection. */
export const selectionImportForm = z.object({ ids: z.string().max(200) });

/** The fiche's own choices; the per-organisation fields (personne-ID, note-ID) are read by the route. */
export const ficheForm = z.object({
  format: z.enum(['lettre', 'demi-lettre']).optional().default('lettre'),
});

/** A note as typed for the client: one line per line, bounded; anything not text is no note. */
export function ficheNote(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replace(/\r\n?/g, '\n').trim();
  return text === '' ? null : text.slice(0, NOTE_MAX);
}
