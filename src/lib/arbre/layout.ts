import { mergedPhone, personOwnLine, phoneText, type Branch, type Leaf, type PhoneStyle } from './content.js';
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
  // A subset sheet grows its type to fill the page (issue 13), up to 12 pt.
  { id: 1, fontPt: 12, lineHeight: 1.2, shortExtension: false, localNumbers: false },
  { id: 2, fontPt: 11, lineHeight: 1.2, shortExtension: false, localNumbers: false },
  { id: 3, fontPt: 10, lineHeight: 1.2, shortExtension: false, localNumbers: false },
  { id: 4, fontPt: 9, lineHeight: 1.2, shortExtension: false, localNumbers: false },
  { id: 5, fontPt: 8.25, lineHeight: 1.18, shortExtension: false, localNumbers: false },
  { id: 6, fontPt: 7.5, lineHeight: 1.15, shortExtension: true, localNumbers: false },
  { id: 7, fontPt: 7, lineHeight: 1.12, shortExtension: true, localNumbers: false },
  { id: 8, fontPt: 6.5, lineHeight: 1.1, shortExtension: true, localNumbers: false },
  { id: 9, fontPt: 6.5, lineHeight: 1.05, shortExtension: true, localNumbers: true },
  { id: 10, fontPt: 6.5, lineHeight: 1, shortExtension: true, localNumbers: true },
];
export const MIN_FONT_PT = 6.5;

// Geometry shared with arbre.css (print): px are CSS pixels, em are relative to the level's size.
export const SHEET = {
  columnGapPx: 10,
  leafIndentEm: 0.8,
  leafGapEm: 0.04,
  branchGapEm: 0.35,
  branchTitleEm: 1.3,
  branchTitleLineHeight: 1.1,
  /** Vertical padding of the heading's colour band (px), its horizontal padding (em of the heading). */
  branchTitlePadPx: 0.5,
  branchTitlePadEm: 0.25,
  /** Room taken by the leaf mark before the thème's name, in em of the heading. */
  branchMarkEm: 0.95,
  /** Space between the band and the first leaf. */
  branchTitleGapPx: 1,
  titlePt: 12,
  metaPt: 7,
  legendPt: 6.5,
  headIconPx: 30,
  headGapPx: 8,
  headBorderPx: 2,
  /** Padding under the band's content and margin under its rule. */
  headPadPx: 3,
  qrPx: 48,
  crisisPt: 7.5,
  crisisPadXPx: 4,
  crisisPadYPx: 1.5,
  crisisBorderPx: 1.5,
  crisisMarginPx: 4,
  /** Width of the address beside the QR code. */
  qrTextPx: 92,
  cardPaddingPx: 4,
  minColumnEm: 18,
  maxColumnEm: 48,
  maxColumns: 8,
} as const;

// Chromium's wrapping and column balancing differ a little from this model: keep this much page unused.
const SAFETY_PX = 2;
const SAFETY_RATIO = 0.003;
const PX_PER_PT = 96 / 72;
const WRAP_SLACK_EM = 0.1;

export interface SheetTexts {
  /** "L'Arbre des ressources — COSMOSS Rimouski-Neigette" */
  title: string;
  /** The line under the title: date, selection, demo notice. */
  meta: string;
  /** The legend under the date (every abbreviation explained, so the estimate never falls short). */
  card: string;
  /** The address printed beside the QR code. */
  address: string;
  /** The crisis box's text (empty: no box). */
  crisis: string;
}

export interface LayoutChoice {
  level: DensityLevel;
  phoneStyle: PhoneStyle;
  columns: number;
  /** Which leaves go in which printed column (the template follows it). */
  plan: PlannedColumn[];
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
// « Voir aussi » prints no phone, so its tokens do not depend on the level: measured once per branch.
const alsoTokenCache = new WeakMap<Leaf[], Token[]>();

// The same names, people and headings are measured for every level, paper and render: measured once.
const measured = new Map<string, readonly Token[]>();
const MEASURED_MAX = 50_000;

/** The text's breakable pieces with their widths (shared: never modify the array). */
function words(text: string, weight: FontWeight): readonly Token[] {
  const key = `${weight}${text}`;
  let tokens = measured.get(key);
  if (!tokens) {
    if (measured.size >= MEASURED_MAX) measured.clear();
    tokens = measure(text, weight);
    measured.set(key, tokens);
  }
  return tokens;
}

function measure(text: string, weight: FontWeight): Token[] {
  // Chromium may also break after a hyphen followed by a letter (« Arc-|en-|Fleuve », not « 12-17 »).
  return text
    .split(/[ \n\t]+/)
    .filter(Boolean)
    .flatMap((word) =>
      word
        .split(/(?<=[^\s\d(]-)(?=[^\d\s-])/u)
        .map((part, index) => ({ width: textWidthEm(part, weight), space: index === 0 ? SPACE : 0 })),
    );
}

/** The leaf as the template prints it: bold name, acronym, phone (unbreakable), person, note, all in one flow. */
export function leafTokens(leaf: Leaf, style: PhoneStyle): Token[] {
  const tokens = [...words(leaf.name + (leaf.stale ? '°' : ''), 700)];
  if (leaf.acronym) tokens.push(...words(`(${leaf.acronym})`, 400));
  const merged = mergedPhone(leaf);
  if (merged) tokens.push({ width: textWidthEm(phoneText(merged, style)), space: SPACE });
  if (leaf.person) {
    const line = personOwnLine(leaf);
    const role = leaf.person.role ? `, ${leaf.person.role}` : '';
    // No separator: the person's name is set in italics.
    tokens.push(...words(`${leaf.person.name}${role}${line ? ',' : ''}`, 400));
    if (line) tokens.push({ width: textWidthEm(phoneText(line, style)), space: SPACE });
  }
  if (leaf.note) tokens.push(...words(`· ${leaf.note}`, 400));
  if (tokens[0]) tokens[0] = { ...tokens[0], space: 0 };
  return tokens;
}

/** The « Voir aussi » paragraph as printed: each organisation's name and the thème where its number and person are. */
export function alsoTokens(leaves: Leaf[]): Token[] {
  const tokens = [...words(ALSO_LABEL, 700)];
  leaves.forEach((leaf, index) => {
    tokens.push(...words(leaf.name + (leaf.stale ? '°' : ''), 700));
    tokens.push(...words(`(${leaf.seeAlso?.name ?? ''})`, 400));
    if (leaf.note) tokens.push(...words(leaf.note, 400));
    if (index < leaves.length - 1) tokens.push(...words('·', 400));
  });
  if (tokens[0]) tokens[0] = { ...tokens[0], space: 0 };
  return tokens;
}

export const ALSO_LABEL = 'Voir aussi\u00a0:';

/** Lines taken by tokens wrapped greedily in `widthEm`, as the browser does (long words break anywhere). */
export function countLines(tokens: readonly Token[], widthEm: number): number {
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

/** A run of one thème's leaves in one printed column; `continued` repeats the heading as « Nom (suite) ». */
export interface Segment {
  branch: number;
  /** Leaf indexes [from, to) of the branch. */
  from: number;
  to: number;
  continued: boolean;
}

/** One printed column, top to bottom; the card (QR code and legend) closes the last one. */
export interface PlannedColumn {
  segments: Segment[];
  card: boolean;
  /** Estimated height, in CSS px. */
  height: number;
}

/** A thème with this many leaves or fewer is never split across columns. */
export const SMALL_BRANCH = 4;
/** A split leaves at least this many leaves on each side (no orphan at the foot, no widow at the top). */
export const MIN_SPLIT = 2;

/** Heights (px) of the pieces of one branch at a size and column width. */
interface BranchBlock {
  gap: number;
  title: number;
  suiteTitle: number;
  leaves: number[];
}

interface FlowBlocks {
  branches: BranchBlock[];
  card: number;
  cardGap: number;
}

function titleHeight(text: string, columnWidth: number, fontPx: number): number {
  const titleFontPx = fontPx * SHEET.branchTitleEm;
  const bandWidth = columnWidth - 2 * SHEET.branchTitlePadEm * titleFontPx - SHEET.branchMarkEm * titleFontPx;
  const lines = countLines(words(text, 700), bandWidth / titleFontPx);
  return lines * titleFontPx * SHEET.branchTitleLineHeight + 2 * SHEET.branchTitlePadPx + SHEET.branchTitleGapPx;
}

/** The text of a branch heading as printed (the suite heading drops the count). */
export function branchTitleText(name: string, count: number, continued: boolean): string {
  return continued ? `${name} (suite)` : `${name} (${count})`;
}

function flowBlocks(
  branches: Branch[],
  texts: SheetTexts,
  level: DensityLevel,
  style: PhoneStyle,
  columnWidth: number,
  styleKey: string,
): FlowBlocks {
  const fontPx = level.fontPt * PX_PER_PT;
  const lineHeight = fontPx * level.lineHeight;
  // A little short of the full measure: widths are rounded to 1/1000 em and long lines add up the error.
  const leafWidthEm = columnWidth / fontPx - SHEET.leafIndentEm - WRAP_SLACK_EM;
  const blocks: BranchBlock[] = branches.map((branch) => {
    const block: BranchBlock = {
      gap: fontPx * SHEET.branchGapEm,
      title: titleHeight(
        branchTitleText(branch.theme.name, branch.leaves.length + branch.also.length, false),
        columnWidth,
        fontPx,
      ),
      suiteTitle: titleHeight(branchTitleText(branch.theme.name, 0, true), columnWidth, fontPx),
      leaves: [],
    };
    if (branch.leaves.length + branch.also.length === 0) block.leaves.push(lineHeight);
    for (const leaf of branch.leaves) {
      const cached = tokenCache.get(leaf) ?? new Map<string, Token[]>();
      tokenCache.set(leaf, cached);
      let tokens = cached.get(styleKey);
      if (!tokens) {
        tokens = leafTokens(leaf, style);
        cached.set(styleKey, tokens);
      }
      block.leaves.push(countLines(tokens, leafWidthEm) * lineHeight + fontPx * SHEET.leafGapEm);
    }
    if (branch.also.length > 0) {
      let tokens = alsoTokenCache.get(branch.also);
      if (!tokens) {
        tokens = alsoTokens(branch.also);
        alsoTokenCache.set(branch.also, tokens);
      }
      block.leaves.push(countLines(tokens, leafWidthEm) * lineHeight + fontPx * SHEET.leafGapEm);
    }
    return block;
  });
  // The QR code and legend live in the head band (decision 081): nothing closes the columns.
  return { branches: blocks, card: 0, cardGap: 0 };
}

const sum = (values: number[], from = 0, to = values.length) => {
  let total = 0;
  for (let i = from; i < to; i++) total += values[i] ?? 0;
  return total;
};

/**
 * Fills columns of height `limit` in order: a branch starts in a column only with its heading and first
 * leaves, a small branch moves whole, a split one repeats its heading. Null when `columns` do not suffice.
 */
export function packColumns(flow: FlowBlocks, columns: number, limit: number): PlannedColumn[] | null {
  const plan: PlannedColumn[] = [{ segments: [], card: false, height: 0 }];
  let current = plan[0] as PlannedColumn;
  const next = (): boolean => {
    if (plan.length >= columns) return false;
    current = { segments: [], card: false, height: 0 };
    plan.push(current);
    return true;
  };
  for (const [index, block] of flow.branches.entries()) {
    const n = block.leaves.length;
    const gap = () => (current.height === 0 ? 0 : block.gap);
    if (n <= SMALL_BRANCH) {
      const whole = block.title + sum(block.leaves);
      if (current.height + gap() + whole > limit && current.height > 0 && !next()) return null;
      if (whole > limit) return null;
      current.height += gap() + whole;
      current.segments.push({ branch: index, from: 0, to: n, continued: false });
      continue;
    }
    const opening = block.title + sum(block.leaves, 0, MIN_SPLIT);
    if (current.height + gap() + opening > limit && current.height > 0 && !next()) return null;
    if (opening > limit) return null;
    current.height += gap() + block.title;
    let segment: Segment = { branch: index, from: 0, to: 0, continued: false };
    current.segments.push(segment);
    let i = 0;
    while (i < n) {
      const leaf = block.leaves[i] as number;
      if (current.height + leaf <= limit) {
        current.height += leaf;
        i++;
        segment.to = i;
        continue;
      }
      // Break before leaf i, or earlier so that at least MIN_SPLIT leaves follow.
      const breakAt = Math.min(i, n - MIN_SPLIT);
      if (breakAt - segment.from < MIN_SPLIT) return null;
      current.height -= sum(block.leaves, breakAt, i);
      segment.to = breakAt;
      if (!next()) return null;
      segment = { branch: index, from: breakAt, to: breakAt, continued: true };
      current.segments.push(segment);
      current.height = block.suiteTitle;
      i = breakAt;
      if (block.suiteTitle + sum(block.leaves, i, Math.min(n, i + MIN_SPLIT)) > limit) return null;
    }
  }
  const cardGap = current.height === 0 ? 0 : flow.cardGap;
  if (current.height + cardGap + flow.card > limit && current.height > 0) {
    if (!next()) return null;
  }
  current.height += (current.height === 0 ? 0 : flow.cardGap) + flow.card;
  current.card = true;
  if (flow.card > limit) return null;
  return plan;
}

/** The shortest column height (px, within half a pixel) at which the flow packs into `columns`, and its plan. */
export function planColumns(flow: FlowBlocks, columns: number): { height: number; plan: PlannedColumn[] } {
  const all = [...flow.branches.flatMap((block) => [block.gap + block.title, ...block.leaves]), flow.card];
  let high = sum(all) + sum(flow.branches.map((block) => block.suiteTitle)) + 1;
  let low = Math.max(sum(all) / columns, flow.card);
  let best = packColumns(flow, columns, high) ?? packColumns(flow, 1, Infinity);
  if (!best) throw new Error('The flow cannot be planned');
  const first = packColumns(flow, columns, low);
  if (first) return { height: Math.max(...first.map((column) => column.height)), plan: first };
  while (high - low > 0.5) {
    const middle = (low + high) / 2;
    const plan = packColumns(flow, columns, middle);
    if (plan) {
      high = middle;
      best = plan;
    } else {
      low = middle;
    }
  }
  return { height: Math.max(...best.map((column) => column.height)), plan: best };
}

/** The head band: tree mark, title, date and legend lines, then the QR code and address on the right. */
export function headHeight(texts: SheetTexts, width: number): number {
  const textWidth = width - SHEET.headIconPx - 3 * SHEET.headGapPx - SHEET.qrPx - SHEET.qrTextPx;
  const titlePx = SHEET.titlePt * PX_PER_PT;
  const metaPx = SHEET.metaPt * PX_PER_PT;
  const legendPx = SHEET.legendPt * PX_PER_PT;
  const titleLines = countLines(words(texts.title, 700), textWidth / titlePx);
  const metaLines = countLines(words(texts.meta, 400), textWidth / metaPx);
  const legendLines = countLines(words(texts.card, 400), textWidth / legendPx);
  const text = titleLines * titlePx * 1.1 + metaLines * metaPx * 1.2 + legendLines * legendPx * 1.15;
  const qrText = countLines(words(texts.address, 400), SHEET.qrTextPx / legendPx) * legendPx * 1.15;
  const band = Math.max(SHEET.headIconPx, SHEET.qrPx, text, qrText) + SHEET.headBorderPx + 2 * SHEET.headPadPx;
  return band + crisisHeight(texts.crisis, width);
}

/** The crisis box under the head band: full width, its lines run in one paragraph. */
function crisisHeight(text: string, width: number): number {
  if (!text) return 0;
  const fontPx = SHEET.crisisPt * PX_PER_PT;
  const inner = width - 2 * SHEET.crisisPadXPx - 2 * SHEET.crisisBorderPx;
  const lines = countLines(words(text, 700), inner / fontPx);
  return lines * fontPx * 1.2 + 2 * SHEET.crisisPadYPx + 2 * SHEET.crisisBorderPx + SHEET.crisisMarginPx;
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
  const skipped: DensityLevel[] = [];
  for (const [index, level] of levels.entries()) {
    // A level that cannot fit is only worth estimating as the densest (the last): skip the others.
    if (index < levels.length - 1 && lowestHeight(branches, level, area.width, head) > available) {
      skipped.push(level);
      continue;
    }
    const best = bestColumns(branches, texts, level, area.width, areaCode, head, available);
    if (!best) continue;
    if (best.fits) return best;
    densest = best;
  }
  // The densest estimate is the last level that could be estimated, skipped or not.
  for (const level of skipped.reverse()) {
    if (densest && levels.indexOf(densest.level) > levels.indexOf(level)) break;
    densest = bestColumns(branches, texts, level, area.width, areaCode, head, available) ?? densest;
  }
  if (!densest) throw new Error('No density level could be estimated');
  return densest;
}

/** Most columns the sheet can take at this level (as bestColumns counts them). */
function mostColumns(level: DensityLevel, width: number): number {
  const fontPx = level.fontPt * PX_PER_PT;
  let most = 1;
  for (let columns = 2; columns <= SHEET.maxColumns; columns++) {
    if ((width - (columns - 1) * SHEET.columnGapPx) / columns / fontPx < SHEET.minColumnEm) break;
    most = columns;
  }
  return most;
}

/**
 * A height no plan at this level can go under: each leaf takes at least a line, and the most columns share
 * them evenly. Cheap, so a 5,000-entry Arbre does not estimate ten levels that cannot fit (issue 17).
 */
export function lowestHeight(branches: Branch[], level: DensityLevel, width: number, head: number): number {
  let blocks = 0;
  for (const branch of branches) blocks += Math.max(1, branch.leaves.length + (branch.also.length > 0 ? 1 : 0));
  return lowestHeightOf(blocks, level, width, head);
}

/** lowestHeight for a number of one-line blocks, known before any entry is read. */
function lowestHeightOf(blocks: number, level: DensityLevel, width: number, head: number): number {
  const fontPx = level.fontPt * PX_PER_PT;
  const leaf = fontPx * level.lineHeight + fontPx * SHEET.leafGapEm;
  return head + (blocks * Math.min(leaf, fontPx * level.lineHeight)) / mostColumns(level, width);
}

/**
 * The densest level's verdict for a sheet known only by its number of entries, when even one line each
 * cannot fit (decision 110): no plan, and a height that is a lower bound.
 */
export function layoutByCount(entries: number, texts: SheetTexts, paper: Paper): LayoutChoice {
  const level = DENSITY_LEVELS[DENSITY_LEVELS.length - 1] as DensityLevel;
  const area = printableAreaPx(paper);
  const available = area.height * (1 - SAFETY_RATIO) - SAFETY_PX;
  const height = lowestHeightOf(entries, level, area.width, headHeight(texts, area.width));
  if (height <= available) throw new Error(`${entries} entries might fit: lay them out`);
  return {
    level,
    phoneStyle: { shortExtension: level.shortExtension, localAreaCode: null },
    columns: mostColumns(level, area.width),
    plan: [],
    estimatedHeight: height,
    availableHeight: available,
    fits: false,
  };
}

function bestColumns(
  branches: Branch[],
  texts: SheetTexts,
  level: DensityLevel,
  width: number,
  areaCode: string | null,
  head: number,
  available: number,
): LayoutChoice | null {
  const fontPx = level.fontPt * PX_PER_PT;
  const style: PhoneStyle = {
    shortExtension: level.shortExtension,
    localAreaCode: level.localNumbers ? areaCode : null,
  };
  const styleKey = `${style.shortExtension} ${style.localAreaCode}`;
  let best: LayoutChoice | null = null;
  for (let columns = 1; columns <= SHEET.maxColumns; columns++) {
    const columnWidth = (width - (columns - 1) * SHEET.columnGapPx) / columns;
    if (columns > 1 && columnWidth / fontPx < SHEET.minColumnEm) break;
    // Lines longer than this read badly: a wide sheet always gets several columns.
    if (columnWidth / fontPx > SHEET.maxColumnEm && columns < SHEET.maxColumns) continue;
    const flow = flowBlocks(branches, texts, level, style, columnWidth, styleKey);
    const planned = planColumns(flow, columns);
    const height = head + planned.height;
    // A column more is worth it only if it saves real height: fewer, wider columns read better.
    if (!best || height < best.estimatedHeight - 2) {
      best = {
        level,
        phoneStyle: style,
        columns,
        plan: planned.plan,
        estimatedHeight: height,
        availableHeight: available,
        fits: height <= available,
      };
    }
  }
  return best;
}

/** Whether the content fits this paper at all, i.e. at the densest level. */
export function fitsAtDensest(branches: Branch[], texts: SheetTexts, paper: Paper, areaCode: string | null): boolean {
  const level = DENSITY_LEVELS[DENSITY_LEVELS.length - 1] as DensityLevel;
  const area = printableAreaPx(paper);
  const available = area.height * (1 - SAFETY_RATIO) - SAFETY_PX;
  const head = headHeight(texts, area.width);
  if (lowestHeight(branches, level, area.width, head) > available) return false;
  return bestColumns(branches, texts, level, area.width, areaCode, head, available)?.fits === true;
}
