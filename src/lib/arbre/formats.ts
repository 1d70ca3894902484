import { foldText } from '../slug.js';

export const PAPER_FORMATS = ['lettre', 'legal', 'tabloid'] as const;
export type PaperFormat = (typeof PAPER_FORMATS)[number];
export const ORIENTATIONS = ['portrait', 'paysage'] as const;
export type Orientation = (typeof ORIENTATIONS)[number];

export interface Paper {
  format: PaperFormat;
  orientation: Orientation;
}

export const DEFAULT_PAPER: Paper = { format: 'lettre', orientation: 'portrait' };

/** Paper sizes in inches, portrait; Tabloid is Chromium's "ledger" (it ignores `size: tabloid`). */
const PAPER_INCHES: Record<PaperFormat, { width: number; height: number }> = {
  lettre: { width: 8.5, height: 11 },
  legal: { width: 8.5, height: 14 },
  tabloid: { width: 11, height: 17 },
};

export const PAPER_LABELS: Record<PaperFormat, string> = {
  lettre: 'Lettre (8,5 × 11 po)',
  legal: 'Légal (8,5 × 14 po)',
  tabloid: 'Tabloïd (11 × 17 po)',
};
export const SHORT_PAPER_LABELS: Record<PaperFormat, string> = { lettre: 'Lettre', legal: 'Légal', tabloid: 'Tabloïd' };
export const ORIENTATION_LABELS: Record<Orientation, string> = { portrait: 'portrait', paysage: 'paysage' };

/** Page margin on every side, in inches: most office printers cannot print closer to the edge. */
export const PAGE_MARGIN_IN = 0.25;
const CSS_PX_PER_IN = 96;

/** Page size in PDF points (what pdf-lib reports) for a paper and orientation. */
export function pageSizePoints(paper: Paper): { width: number; height: number } {
  const { width, height } = orientedInches(paper);
  return { width: width * 72, height: height * 72 };
}

/** The printable area inside the margins, in CSS pixels (96 per inch). */
export function printableAreaPx(paper: Paper): { width: number; height: number } {
  const { width, height } = orientedInches(paper);
  return {
    width: (width - 2 * PAGE_MARGIN_IN) * CSS_PX_PER_IN,
    height: (height - 2 * PAGE_MARGIN_IN) * CSS_PX_PER_IN,
  };
}

function orientedInches(paper: Paper): { width: number; height: number } {
  const size = PAPER_INCHES[paper.format];
  return paper.orientation === 'portrait' ? size : { width: size.height, height: size.width };
}

/** The stylesheet holding this paper's @page rule (@page cannot be scoped by a class, so one file each). */
export function pageStylesheet(paper: Paper): string {
  return `arbre-page-${paper.format}-${paper.orientation}.css`;
}

export function paperLabel(paper: Paper): string {
  return `${SHORT_PAPER_LABELS[paper.format]} ${ORIENTATION_LABELS[paper.orientation]}`;
}

/** Papers from smallest to largest area, portrait first: the order in which a larger one is proposed. */
export const PAPERS_BY_SIZE: Paper[] = PAPER_FORMATS.flatMap((format) =>
  ORIENTATIONS.map((orientation) => ({ format, orientation })),
);

export interface ArbreQuery {
  paper: Paper;
  /** Thème slugs asked for, in the order given; null means every thème. */
  themeSlugs: string[] | null;
  /** One territory's sheet (`?territoire=`): its services and those covering it; null for the whole directory. */
  territory: string | null;
  /** French notices for values that were not understood and replaced by the default. */
  notices: string[];
}

const MAX_THEME_SLUGS = 100;

/**
 * Reads ?format, ?orientation and ?themes (comma-separated, or repeated by the form's checkboxes).
 * A value it does not understand falls back to the default with a notice, so an old bookmark still prints.
 */
export function parseArbreQuery(query: Record<string, unknown>): ArbreQuery {
  const notices: string[] = [];
  const format = pickEnum(query.format, PAPER_FORMATS, DEFAULT_PAPER.format, (value) =>
    notices.push(`Format «\u00a0${value}\u00a0» inconnu\u00a0: la feuille est en format Lettre.`),
  );
  const orientation = pickEnum(query.orientation, ORIENTATIONS, DEFAULT_PAPER.orientation, (value) =>
    notices.push(`Orientation «\u00a0${value}\u00a0» inconnue\u00a0: la feuille est en portrait.`),
  );
  return {
    paper: { format, orientation },
    themeSlugs: parseThemeSlugs(query.themes),
    territory: parseTerritory(query.territoire),
    notices,
  };
}

function pickEnum<T extends string>(
  raw: unknown,
  allowed: readonly T[],
  fallback: T,
  onInvalid: (value: string) => void,
): T {
  if (raw === undefined || raw === '') return fallback;
  const value = Array.isArray(raw) ? String(raw[0] ?? '') : String(raw);
  // "Légal", "TABLOÏD" and "letter" all mean what the person wanted.
  const key = foldText(value).trim().toLowerCase();
  const aliases: Record<string, string> = { letter: 'lettre', ledger: 'tabloid', landscape: 'paysage' };
  const normalised = aliases[key] ?? key;
  if ((allowed as readonly string[]).includes(normalised)) return normalised as T;
  onInvalid(value.slice(0, 40));
  return fallback;
}

function parseTerritory(raw: unknown): string | null {
  const value = Array.isArray(raw) ? raw[0] : raw;
  const text = typeof value === 'string' ? value.trim().replace(/\s+/g, ' ').slice(0, 80) : '';
  return text === '' ? null : text;
}

function parseThemeSlugs(raw: unknown): string[] | null {
  if (raw === undefined) return null;
  const values = (Array.isArray(raw) ? raw : [raw]).map(String);
  const slugs = values
    .flatMap((value) => value.split(','))
    .map((slug) => slug.trim().toLowerCase())
    .filter(Boolean);
  const unique = [...new Set(slugs)].slice(0, MAX_THEME_SLUGS);
  return unique.length > 0 ? unique : null;
}

/** The query string that reproduces a sheet (defaults left out, so the plain /arbre stays canonical). */
export function arbreQueryString(paper: Paper, themeSlugs: string[] | null, territory: string | null = null): string {
  const params = new URLSearchParams();
  if (paper.format !== DEFAULT_PAPER.format) params.set('format', paper.format);
  if (paper.orientation !== DEFAULT_PAPER.orientation) params.set('orientation', paper.orientation);
  if (territory) params.set('territoire', territory);
  if (themeSlugs && themeSlugs.length > 0) params.set('themes', themeSlugs.join(','));
  const text = params.toString().replace(/%2C/g, ',');
  return text ? `?${text}` : '';
}
