import type { Theme } from '../db/schema.js';
import { joinList, nameKey, splitList } from './cells.js';

export interface ThemeReference {
  ref: string;
  note: string | null;
}

/** "dependances : Prévention seulement; sante-mentale" → [{ ref, note }]; the note follows the first ":". */
export function parseThemesCell(value: string): ThemeReference[] {
  return splitList(value).map((item) => {
    const colon = item.indexOf(':');
    if (colon === -1) return { ref: item.trim(), note: null };
    const note = item.slice(colon + 1).trim();
    return { ref: item.slice(0, colon).trim(), note: note || null };
  });
}

export function formatThemesCell(items: readonly { slug: string; note: string | null }[]): string {
  return joinList(items.map((item) => (item.note ? `${item.slug} : ${item.note}` : item.slug)));
}

/** Finds thèmes by slug or by name, accents and case ignored ("Santé mentale" = "sante-mentale"). */
export class ThemeLookup {
  private readonly byKey = new Map<string, Theme>();

  constructor(themes: readonly Theme[]) {
    for (const theme of themes) {
      this.byKey.set(nameKey(theme.slug), theme);
      this.byKey.set(nameKey(theme.name), theme);
    }
  }

  find(ref: string): Theme | null {
    return this.byKey.get(nameKey(ref)) ?? null;
  }
}
