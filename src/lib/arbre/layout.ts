import { phoneText, type Branch, type Leaf, type PhoneStyle } from './content.js';
import { printableAreaPx, type Paper } from './formats.js';
import { textWidthEm, type FontWeight } from './metrics.js';

/**
 * Density levels of the printed sheet, from the most comfortable to the densest. Their sizes mirror
 * the .arbre-level-N rules of views/assets/arbre.css: change both together.
 */
export interface DensityLevel {
  id: number;
  fontPt: number;
  lineHeight: number;
  /** "p. 12" instead of "poste 12". */
  shortExtension: boolean;
  /** Local numbers without their area code, which the legend gives once. */
  localNumbers: boolean;
}

export const DENSITY_LEVELS: readonly DensityLevel[] = [
  { id: 1, fontPt: 9, lineHeight: 1.2, shortExtension: false, localNumbers: false },
  { id: 2, fontPt: 8.25, lineHeight: 1.18, shortExtension: false, localNumbers: false },
  { id: 3, fontPt: 7.5, lineHeight: 1.15, shortExtension: true, localNumbers: false },
  { id: 4, fontPt: 7, lineHeight: 1.12, shortExtension: true, localNumbers: false },
  { id: 5, fontPt: 6.5, lineHeight: 1.1, shortExtension: true, localNumbers: false },
  { id: 6, fontPt: 6.5, lineHeight: 1.05, shortExtension: true, localNumbers: true },
];
export const MIN_FONT_PT = 6.5;

// Geometry shared with arbre.css (print): px are CSS pixels, em are relative to the level's size.
export const SHEET = {
  columnGapPx: 14,
  leafIndentEm: 0.95,
  leafGapEm: 0.12,
  branchGapEm: 0.45,
  branchTitleEm: 1.1,
  branchTitleLineHeight: 1.15,
  branchRulePx: 1.5,
  titlePt: 13,
  metaPt: 7.5,
  headIconPx: 34,
  headGapPx: 8,
  qrPx: 64,
  cardPaddingPx: 4,
  minColumnEm: 19,
  maxColumnEm: 48,
  maxColumns: 8,
} as const;

// Chromium's wrapping and column balancing differ a little from this model: keep this much page unused.
const SAFETY_PX = 4;
const SAFETY_RATIO = 0.006;
const PX_PER_PT = 96 / 72;

export interface SheetTexts {
  /** "L'Arbre des ressources — COSMOSS Rimouski-Neigette" */
  title: string;
  /** The line under the title: date, selection, demo notice. */
  meta: string;
  /** The card's text beside the QR code (address and legend). */
  card: string;
}

export interface LayoutChoice {
  level: DensityLevel;
  phoneStyle: PhoneStyle;
  columns: number;
  /** Estimated height of the whole sheet and the printable height, in CSS px. */
  estimatedHeight: number;
  availableHeight: number;
  fits: boolean;
}

interface Token {
  width: number;
  /** Space before the token, in em (0 at the start of a leaf or where no space is printed). */
  space: number;
}

const SPACE = textWidthEm(' ');
// Leaves live for one request; the fit advice estimates the same leaves many times.
const tokenCache = new WeakMap<Leaf, Map<string, Token[]>>();

function words(text: string, weight: FontWeight): Token[] {
  return text
    .split(/[ \n\t]+/)
    .filter(Boolean)
    .map((word) => ({ width: textWidthEm(word, weight), space: SPACE }));
}

/** The leaf as the template prints it: bold name, acronym, phone (unbreakable), person, note, all in one flow. */
export function leafTokens(leaf: Leaf, style: PhoneStyle): Token[] {
  const tokens = words(leaf.name + (leaf.stale ? '°' : ''), 700);
  if (leaf.acronym) tokens.push(...words(`(${leaf.acronym})`, 400));
  if (leaf.phone) tokens.push({ width: textWidthEm(phoneText(leaf.phone, style)), space: SPACE });
  if (leaf.person) {
    const role = leaf.person.role ? `, ${leaf.person.role}` : '';
    tokens.push(...words(`· ${leaf.person.name}${role}${leaf.person.line ? ',' : ''}`, 400));
    if (leaf.person.line) tokens.push({ width: textWidthEm(phoneText(leaf.person.line, style)), space: SPACE });
  }
  if (leaf.note) tokens.push(...words(`· ${leaf.note}`, 400));
  if (tokens[0]) tokens[0] = { ...tokens[0], space: 0 };
  return tokens;
}

/** Lines taken by tokens wrapped greedily in `widthEm`, as the browser does (long words break anywhere). */
export function countLines(tokens: Token[], widthEm: number): number {
  let lines = 1;
  let used = 0;
  for (const token of tokens) {
    const needed = used === 0 ? token.width : used + token.space + token.width;
    if (needed <= widthEm) {
      used = needed;
      continue;
    }
    if (used > 0) lines++;
    if (token.width > widthEm) {
      lines += Math.ceil(token.width / widthEm) - 1;
      used = token.width % widthEm;
    } else {
      used = token.width;
    }
  }
  return lines;
}

/** Heights (px) of the unbreakable pieces of the column flow: a branch title travels with its first leaf. */
function flowChunks(
  branches: Branch[],
  texts: SheetTexts,
  level: DensityLevel,
  style: PhoneStyle,
  columnWidth: number,
  styleKey: string,
): number[] {
  const fontPx = level.fontPt * PX_PER_PT;
  const lineHeight = fontPx * level.lineHeight;
  const leafWidthEm = columnWidth / fontPx - SHEET.leafIndentEm;
  const titleFontPx = fontPx * SHEET.branchTitleEm;
  const chunks: number[] = [];
  for (const branch of branches) {
    const titleLines = countLines(
      words(`${branch.theme.name} (${branch.leaves.length})`, 700),
      columnWidth / titleFontPx,
    );
    let pending =
      fontPx * SHEET.branchGapEm + titleLines * titleFontPx * SHEET.branchTitleLineHeight + SHEET.branchRulePx + 1;
    if (branch.leaves.length === 0) {
      chunks.push(pending + lineHeight);
      continue;
    }
    for (const leaf of branch.leaves) {
      const cached = tokenCache.get(leaf) ?? new Map<string, Token[]>();
      tokenCache.set(leaf, cached);
      let tokens = cached.get(styleKey);
      if (!tokens) {
        tokens = leafTokens(leaf, style);
        cached.set(styleKey, tokens);
      }
      chunks.push(pending + countLines(tokens, leafWidthEm) * lineHeight + fontPx * SHEET.leafGapEm);
      pending = 0;
    }
  }
  const cardLines = countLines(
    words(texts.card, 400),
    (columnWidth - SHEET.qrPx - 6 - 2 * SHEET.cardPaddingPx) / fontPx,
  );
  chunks.push(fontPx * SHEET.branchGapEm + 2 * SHEET.cardPaddingPx + 2 + Math.max(SHEET.qrPx, cardLines * lineHeight));
  return chunks;
}

/** The smallest column height into which the chunks pack, in order, over `columns` columns (what balancing finds). */
export function balancedHeight(chunks: number[], columns: number): number {
  const total = chunks.reduce((a, b) => a + b, 0);
  let low = Math.max(total / columns, ...chunks);
  let high = Math.max(total, low);
  if (packs(chunks, columns, low)) return low;
  while (high - low > 0.5) {
    const middle = (low + high) / 2;
    if (packs(chunks, columns, middle)) high = middle;
    else low = middle;
  }
  return high;
}

function packs(chunks: number[], columns: number, height: number): boolean {
  let column = 1;
  let used = 0;
  for (const chunk of chunks) {
    if (used > 0 && used + chunk > height) {
      column++;
      used = 0;
      if (column > columns) return false;
    }
    used += chunk;
  }
  return true;
}

function headHeight(texts: SheetTexts, width: number): number {
  const textWidth = width - SHEET.headIconPx - SHEET.headGapPx;
  const titlePx = SHEET.titlePt * PX_PER_PT;
  const metaPx = SHEET.metaPt * PX_PER_PT;
  const titleLines = countLines(words(texts.title, 700), textWidth / titlePx);
  const metaLines = countLines(words(texts.meta, 400), textWidth / metaPx);
  return Math.max(SHEET.headIconPx, titleLines * titlePx * 1.15 + metaLines * metaPx * 1.25) + 4 + 2 + 6;
}

/** Estimates every level and column count for this paper and keeps the largest type that fits. */
export function chooseLayout(
  branches: Branch[],
  texts: SheetTexts,
  paper: Paper,
  areaCode: string | null,
  levels: readonly DensityLevel[] = DENSITY_LEVELS,
): LayoutChoice {
  const area = printableAreaPx(paper);
  const available = area.height * (1 - SAFETY_RATIO) - SAFETY_PX;
  const head = headHeight(texts, area.width);
  let densest: LayoutChoice | null = null;
  for (const level of levels) {
    const fontPx = level.fontPt * PX_PER_PT;
    const style: PhoneStyle = {
      shortExtension: level.shortExtension,
      localAreaCode: level.localNumbers ? areaCode : null,
    };
    const styleKey = `${style.shortExtension} ${style.localAreaCode}`;
    let best: LayoutChoice | null = null;
    for (let columns = 1; columns <= SHEET.maxColumns; columns++) {
      const columnWidth = (area.width - (columns - 1) * SHEET.columnGapPx) / columns;
      if (columns > 1 && columnWidth / fontPx < SHEET.minColumnEm) break;
      // Lines longer than this read badly: a wide sheet always gets several columns.
      if (columnWidth / fontPx > SHEET.maxColumnEm && columns < SHEET.maxColumns) continue;
      const height = head + balancedHeight(flowChunks(branches, texts, level, style, columnWidth, styleKey), columns);
      // A column more is worth it only if it saves real height: fewer, wider columns read better.
      if (!best || height < best.estimatedHeight - 2) {
        best = {
          level,
          phoneStyle: style,
          columns,
          estimatedHeight: height,
          availableHeight: available,
          fits: height <= available,
        };
      }
    }
    if (!best) continue;
    if (best.fits) return best;
    densest = best;
  }
  if (!densest) throw new Error('No density level could be estimated');
  return densest;
}

/**
 * Whether the content fits this paper at all, i.e. at the densest level. One packing pass per column
 * count instead of a search, and half a pixel stricter than chooseLayout, so a "yes" here is a "yes" there.
 */
export function fitsAtDensest(branches: Branch[], texts: SheetTexts, paper: Paper, areaCode: string | null): boolean {
  const level = DENSITY_LEVELS[DENSITY_LEVELS.length - 1] as DensityLevel;
  const area = printableAreaPx(paper);
  const room = area.height * (1 - SAFETY_RATIO) - SAFETY_PX - headHeight(texts, area.width) - 0.5;
  const fontPx = level.fontPt * PX_PER_PT;
  const style: PhoneStyle = {
    shortExtension: level.shortExtension,
    localAreaCode: level.localNumbers ? areaCode : null,
  };
  const styleKey = `${style.shortExtension} ${style.localAreaCode}`;
  for (let columns = 1; columns <= SHEET.maxColumns; columns++) {
    const columnWidth = (area.width - (columns - 1) * SHEET.columnGapPx) / columns;
    if (columns > 1 && columnWidth / fontPx < SHEET.minColumnEm) break;
    if (columnWidth / fontPx > SHEET.maxColumnEm && columns < SHEET.maxColumns) continue;
    if (packs(flowChunks(branches, texts, level, style, columnWidth, styleKey), columns, room)) return true;
  }
  return false;
}
