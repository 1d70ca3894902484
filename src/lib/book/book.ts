import { isStale } from '../dates.js';

/** At most this many thèmes in one choice: more is a crafted URL, not a person ticking boxes. */
export const MAX_THEME_CHOICES = 50;

export type ThemeChoice = { ok: true; slugs: string[] } | { ok: false; message: string };

/**
 * The thèmes asked for: `themes=a,b` (a shared link) or `themes=a&themes=b` (the form's checkboxes).
 * Empty means the whole Répertoire.
 */
export function parseThemeChoice(raw: unknown): ThemeChoice {
  const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (values.some((value) => typeof value !== 'string')) {
    return {
      ok: false,
      message: 'Le paramètre «\u00a0themes\u00a0» doit être une liste de thèmes séparés par des virgules.',
    };
  }
  const slugs = [
    ...new Set(
      (values as string[])
        .flatMap((value) => value.split(','))
        .map((slug) => slug.trim().toLowerCase())
        .filter(Boolean),
    ),
  ];
  if (slugs.length > MAX_THEME_CHOICES) {
    return { ok: false, message: `Choisissez au plus ${MAX_THEME_CHOICES} thèmes.` };
  }
  if (slugs.some((slug) => slug.length > 80)) {
    return { ok: false, message: 'Un des thèmes demandés a un nom trop long pour exister.' };
  }
  return { ok: true, slugs };
}

/** « 87 % des fiches vérifiées depuis 12 mois » over the printed organisations. */
export function verifiedShare(
  verifiedAts: (string | null)[],
  now: Date,
): { fresh: number; total: number; percent: number } {
  const fresh = verifiedAts.filter((verifiedAt) => !isStale(verifiedAt, now)).length;
  const total = verifiedAts.length;
  return { fresh, total, percent: total === 0 ? 0 : Math.floor((100 * fresh) / total) };
}

const quebecDay = new Intl.DateTimeFormat('en-CA', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  timeZone: 'America/Toronto',
});

/** AAAA-MM-JJ in Quebec's time zone: the day printed on the cover and in the file name. */
export function quebecIsoDay(now: Date): string {
  return quebecDay.format(now);
}

/** repertoire-cosmoss-2026-11-26.pdf */
export function bookFileName(now: Date): string {
  return `repertoire-cosmoss-${quebecIsoDay(now)}.pdf`;
}

/** The anchor of an organisation's entry: the TOC and the index link to it, the PDF keeps it as a destination. */
export const entryAnchor = (slug: string) => `o-${slug}`;

// A CSS string literal: backslashes, quotes and line breaks escaped (the text comes from configuration).
const cssString = (text: string) => `"${text.replace(/[\\"]/g, '\\$&').replace(/[\r\n]+/g, ' ')}"`;

/**
 * The running headers and footers as CSS page-margin boxes, so the browser's own print and the server's
 * PDF carry the same ones; the cover (first page) has none.
 */
export function pageMarginsCss(texts: { title: string; date: string }): string {
  const box = 'font: 8pt "Liberation Sans", Arial, "DejaVu Sans", sans-serif; color: #333;';
  return [
    '@page {',
    `  @top-left { content: ${cssString(texts.title)}; ${box} }`,
    `  @top-right { content: ${cssString(texts.date)}; ${box} }`,
    `  @bottom-right { content: "Page " counter(page) " sur " counter(pages); ${box} }`,
    '}',
    '@page :first {',
    '  @top-left { content: none }',
    '  @top-right { content: none }',
    '  @bottom-right { content: none }',
    '}',
    '',
  ].join('\n');
}
