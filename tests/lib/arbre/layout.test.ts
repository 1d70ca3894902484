import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominantAreaCode, phoneText, type Branch, type Leaf } from '../../../src/lib/arbre/content.js';
import {
  arbreQueryString,
  PAPER_FORMATS,
  ORIENTATIONS,
  parseArbreQuery,
  pageSizePoints,
  printableAreaPx,
} from '../../../src/lib/arbre/formats.js';
import {
  chooseLayout,
  countLines,
  DENSITY_LEVELS,
  headHeight,
  layoutByCount,
  lowestHeight,
  MIN_FONT_PT,
  MIN_SPLIT,
  packColumns,
  planColumns,
  SMALL_BRANCH,
  type PlannedColumn,
} from '../../../src/lib/arbre/layout.js';
import { textWidthEm } from '../../../src/lib/arbre/metrics.js';
import { ARBRE_MAX_ENTRIES } from '../../../src/lib/arbre/sheet.js';
import { qrSvg } from '../../../src/lib/qr.js';

const token = (width: number) => ({ width, space: 0.25 });

describe('countLines', () => {
  it('wraps greedily like the browser', () => {
    expect(countLines([token(3), token(3), token(3)], 9.5)).toBe(1);
    expect(countLines([token(3), token(3), token(3)], 9.4)).toBe(2);
    expect(countLines([token(3), token(3)], 6.25)).toBe(1);
    expect(countLines([token(3), token(3)], 6.2)).toBe(2);
    // A word longer than the line breaks anywhere (overflow-wrap: break-word).
    expect(countLines([token(25)], 10)).toBe(3);
  });

  it('never needs more lines when the column is wider', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.2, max: 12, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 5, max: 40, noNaN: true }),
        (widths, width) => {
          const tokens = widths.map(token);
          expect(countLines(tokens, width + 3)).toBeLessThanOrEqual(countLines(tokens, width));
          expect(countLines(tokens, width)).toBeGreaterThanOrEqual(1);
        },
      ),
    );
  });
});

describe('planning the printed columns', () => {
  const flow = (branches: number[][], card = 30) => ({
    branches: branches.map((leaves) => ({ gap: 4, title: 12, suiteTitle: 12, leaves })),
    card,
    cardGap: 4,
  });

  /** The invariants of issue 13: no orphan entry, small thèmes whole, every leaf once, in order. */
  function expectSound(plan: PlannedColumn[], branches: number[][]) {
    const seen = branches.map(() => [] as number[]);
    for (const column of plan) {
      for (const [position, segment] of column.segments.entries()) {
        const size = branches[segment.branch]?.length ?? 0;
        // A segment that continues a thème opens its column (after its heading, repeated).
        if (segment.continued) expect(position).toBe(0);
        if (size <= SMALL_BRANCH) expect([segment.from, segment.to]).toEqual([0, size]);
        else expect(segment.to - segment.from).toBeGreaterThanOrEqual(MIN_SPLIT);
        for (let i = segment.from; i < segment.to; i++) seen[segment.branch]?.push(i);
      }
    }
    branches.forEach((leaves, index) => expect(seen[index]).toEqual(leaves.map((_, i) => i)));
    expect(plan.at(-1)?.card).toBe(true);
  }

  it('repeats a heading when a thème continues and keeps at least two leaves on each side', () => {
    const branches = [
      [10, 10, 10, 10, 10, 10, 10, 10, 10, 10],
      [10, 10],
    ];
    const { plan } = planColumns(flow(branches), 2);
    expectSound(plan, branches);
    expect(plan[1]?.segments[0]).toMatchObject({ branch: 0, continued: true });
  });

  it('moves a small thème whole rather than splitting it', () => {
    const branches = [
      [10, 10, 10, 10, 10, 10],
      [10, 10, 10, 10],
    ];
    const plan = packColumns(flow(branches), 2, 90) as PlannedColumn[];
    expectSound(plan, branches);
    expect(plan[1]?.segments.map((segment) => segment.branch)).toEqual([1]);
  });

  it('gives up when the columns cannot hold the flow at that height', () => {
    expect(packColumns(flow([[10, 10, 10, 10, 10, 10]]), 1, 50)).toBeNull();
  });

  it('always yields a sound plan whose tallest column is the height it reports', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 6, max: 40 }), { minLength: 0, maxLength: 14 }), {
          minLength: 1,
          maxLength: 12,
        }),
        fc.integer({ min: 1, max: 6 }),
        (raw, columns) => {
          const branches = raw.map((leaves) => (leaves.length === 0 ? [10] : leaves));
          const { plan, height } = planColumns(flow(branches), columns);
          expectSound(plan, branches);
          expect(plan.length).toBeLessThanOrEqual(columns);
          expect(Math.max(...plan.map((column) => column.height))).toBeCloseTo(height, 5);
        },
      ),
    );
  });
});

describe('phones on a leaf', () => {
  const phone = { number: '418 555-0123', extension: '12', href: 'tel:+14185550123;ext=12' };
  it('writes "poste" out, abbreviates it, and drops the common area code at the densest level', () => {
    expect(phoneText(phone, { shortExtension: false, localAreaCode: null })).toBe('418 555-0123, poste\u00a012');
    expect(phoneText(phone, { shortExtension: true, localAreaCode: null })).toBe('418 555-0123, p.\u00a012');
    expect(phoneText(phone, { shortExtension: true, localAreaCode: '418' })).toBe('555-0123, p.\u00a012');
    expect(
      phoneText(
        { number: '1 800 555-0199', extension: null, href: '' },
        { shortExtension: true, localAreaCode: '418' },
      ),
    ).toBe('1 800 555-0199');
    expect(phoneText({ number: '', extension: '7', href: '' }, { shortExtension: false, localAreaCode: null })).toBe(
      'poste\u00a07',
    );
  });

  it('finds the area code most numbers share, or none', () => {
    const leaf = (number: string): Leaf => ({
      slug: 'x',
      name: 'X',
      acronym: null,
      phone: { number, extension: null, href: '' },
      person: null,
      note: null,
      stale: false,
      seeAlso: null,
    });
    const branch = (numbers: string[]): Branch => ({
      theme: { id: 1, slug: 't', name: 'T' },
      leaves: numbers.map(leaf),
      also: [],
    });
    expect(dominantAreaCode([branch(['418 555-0101', '418 555-0102', '581 555-0103'])])).toBe('418');
    expect(dominantAreaCode([branch(['418 555-0101', '581 555-0102', '1 800 555-0103', '819 555-0000'])])).toBeNull();
    expect(dominantAreaCode([])).toBeNull();
  });
});

describe('density levels', () => {
  it('never go under 6.5 pt and get denser step by step', () => {
    for (const level of DENSITY_LEVELS) expect(level.fontPt).toBeGreaterThanOrEqual(MIN_FONT_PT);
    const lineHeights = DENSITY_LEVELS.map((level) => level.fontPt * level.lineHeight);
    expect([...lineHeights].sort((a, b) => b - a)).toEqual(lineHeights);
  });

  it('keeps the largest type for a small tree and reports when nothing fits', () => {
    const texts = {
      title: 'L’Arbre des ressources — COSMOSS',
      meta: 'À jour au 1er mai 2026',
      card: 'Légende',
      address: 'Répertoire en ligne',
      crisis: '911 Urgence',
    };
    const leaves = (count: number): Leaf[] =>
      Array.from({ length: count }, (_, i) => ({
        slug: `o${i}`,
        name: `Organisme communautaire numéro ${i} du Bas-Saint-Laurent`,
        acronym: null,
        phone: { number: '418 555-0100', extension: '12', href: '' },
        person: { name: 'Marie-Ève Gosselin-Caron', role: 'Intervenante de milieu', line: null },
        note: 'Sur rendez-vous',
        stale: false,
        seeAlso: null,
      }));
    const tree = (count: number): Branch[] => [
      { theme: { id: 1, slug: 't', name: 'Thème' }, leaves: leaves(count), also: [] },
    ];
    const letter = { format: 'lettre', orientation: 'portrait' } as const;
    expect(chooseLayout(tree(5), texts, letter, '418')).toMatchObject({ fits: true, level: { id: 1 } });
    const full = chooseLayout(tree(400), texts, letter, '418');
    expect(full.fits).toBe(false);
    expect(full.level.id).toBe(DENSITY_LEVELS.at(-1)?.id);
    expect(full.estimatedHeight).toBeGreaterThan(full.availableHeight);
  });

  it('skips only levels that cannot fit: the same choice as estimating every level', () => {
    const texts = { title: 'L’Arbre', meta: 'À jour', card: 'Légende', address: 'En ligne', crisis: '' };
    const leaf = (i: number): Leaf => ({
      slug: `o${i}`,
      name: `Organisme ${'communautaire '.repeat(i % 4)}numéro ${i}`,
      acronym: i % 3 === 0 ? `ORG${i}` : null,
      phone: { number: '418 555-0100', extension: i % 2 ? '12' : null, href: '' },
      person: i % 5 ? { name: 'Marie-Ève Gosselin-Caron', role: 'Intervenante', line: null } : null,
      note: i % 7 ? null : 'Sur rendez-vous seulement, du lundi au vendredi',
      stale: i % 11 === 0,
      seeAlso: { slug: 'autre', name: 'Autre thème' },
    });
    const tree = (count: number, themes: number): Branch[] =>
      Array.from({ length: themes }, (_, t) => ({
        theme: { id: t + 1, slug: `t${t}`, name: `Thème ${t}` },
        leaves: Array.from({ length: Math.ceil(count / themes) }, (_, i) => leaf(i + t * count)),
        also: t % 2 ? [leaf(t), leaf(t + 1)] : [],
      }));
    // Each level alone is estimated without any skipping: the reference is the first that fits, else the densest.
    const reference = (branches: Branch[], paper: Parameters<typeof chooseLayout>[2]) => {
      const each = DENSITY_LEVELS.map((level) => chooseLayout(branches, texts, paper, '418', [level]));
      return each.find((choice) => choice.fits) ?? each.at(-1)!;
    };
    for (const paper of [
      { format: 'lettre', orientation: 'portrait' },
      { format: 'tabloid', orientation: 'paysage' },
    ] as const) {
      for (const [count, themes] of [
        [6, 2],
        [60, 6],
        [200, 12],
        [700, 20],
        [3000, 40],
      ] as const) {
        const branches = tree(count, themes);
        const width = printableAreaPx(paper).width;
        for (const level of DENSITY_LEVELS) {
          const estimated = chooseLayout(branches, texts, paper, '418', [level]).estimatedHeight;
          expect(lowestHeight(branches, level, width, headHeight(texts, width))).toBeLessThanOrEqual(estimated);
        }
        expect(chooseLayout(branches, texts, paper, '418')).toEqual(reference(branches, paper));
      }
    }
  });
});

describe('a sheet known only by its number of entries (decision 110)', () => {
  const texts = { title: 'L’Arbre', meta: 'À jour', card: 'Légende', address: 'En ligne', crisis: '' };
  const papers = PAPER_FORMATS.flatMap((format) => ORIENTATIONS.map((orientation) => ({ format, orientation })));

  it(`fits no paper past ${ARBRE_MAX_ENTRIES} entries, even at one line each: the summary's verdict is right`, () => {
    const oneLiners = (count: number): Branch[] => [
      {
        theme: { id: 1, slug: 't', name: 'T' },
        leaves: Array.from({ length: count }, (_, i) => ({
          slug: `o${i}`,
          name: `O${i}`,
          acronym: null,
          phone: null,
          person: null,
          note: null,
          stale: false,
          seeAlso: null,
        })),
        also: [],
      },
    ];
    for (const paper of papers) {
      const choice = layoutByCount(ARBRE_MAX_ENTRIES + 1, texts, paper);
      expect(choice).toMatchObject({ fits: false, plan: [], level: DENSITY_LEVELS.at(-1) });
      expect(choice.estimatedHeight).toBeGreaterThan(choice.availableHeight);
      // The bound is below what the real layout estimates for the shortest entries there are.
      expect(choice.estimatedHeight).toBeLessThanOrEqual(
        chooseLayout(oneLiners(ARBRE_MAX_ENTRIES + 1), texts, paper, null).estimatedHeight,
      );
      // Well past the most one-line entries the largest paper could hold: 60 % of the limit fits no paper either.
      expect(() => layoutByCount(ARBRE_MAX_ENTRIES * 0.6, texts, paper)).not.toThrow();
    }
  });

  it('refuses a count that might fit, rather than claim it does not', () => {
    expect(() => layoutByCount(200, texts, { format: 'tabloid', orientation: 'portrait' })).toThrow(/might fit/);
  });
});

describe('query parameters', () => {
  it('never throws and always yields a known paper, whatever the query holds', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('format', 'orientation', 'themes', 'x'),
          fc.oneof(fc.string(), fc.array(fc.string())),
        ),
        (query) => {
          const parsed = parseArbreQuery(query);
          expect(PAPER_FORMATS).toContain(parsed.paper.format);
          expect(ORIENTATIONS).toContain(parsed.paper.orientation);
          expect(parsed.themeSlugs === null || parsed.themeSlugs.length > 0).toBe(true);
        },
      ),
    );
  });

  it('round-trips a sheet’s settings through its query string', () => {
    expect(arbreQueryString({ format: 'lettre', orientation: 'portrait' }, null)).toBe('');
    const text = arbreQueryString({ format: 'tabloid', orientation: 'paysage' }, ['sante', 'emploi'], 'Saint-Fabien');
    expect(text).toBe('?format=tabloid&orientation=paysage&territoire=Saint-Fabien&themes=sante,emploi');
    const parsed = parseArbreQuery(Object.fromEntries(new URLSearchParams(text.slice(1))));
    expect(parsed).toEqual({
      paper: { format: 'tabloid', orientation: 'paysage' },
      themeSlugs: ['sante', 'emploi'],
      territory: 'Saint-Fabien',
      notices: [],
    });
  });

  it('knows each paper’s size in points', () => {
    expect(pageSizePoints({ format: 'lettre', orientation: 'portrait' })).toEqual({ width: 612, height: 792 });
    expect(pageSizePoints({ format: 'lettre', orientation: 'paysage' })).toEqual({ width: 792, height: 612 });
    expect(pageSizePoints({ format: 'legal', orientation: 'portrait' })).toEqual({ width: 612, height: 1008 });
    expect(pageSizePoints({ format: 'tabloid', orientation: 'portrait' })).toEqual({ width: 792, height: 1224 });
  });
});

describe('text metrics and QR code', () => {
  it('measures bold wider than regular and unknown characters as wide letters', () => {
    expect(textWidthEm('Rimouski', 700)).toBeGreaterThan(textWidthEm('Rimouski', 400));
    expect(textWidthEm('漢')).toBeGreaterThan(textWidthEm('i'));
  });

  it('draws a QR code as one path, without style attributes, with an escaped label', () => {
    const svg = qrSvg('https://repertoire.example.org/', 'Code "QR" <vers> le répertoire');
    expect(svg).toMatch(/^<svg class="qr"[^>]*viewBox="0 0 (\d+) \1"/);
    expect(svg).not.toContain('style=');
    expect(svg).toContain('aria-label="Code &quot;QR&quot; &lt;vers&gt; le répertoire"');
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(qrSvg('https://repertoire.example.org/', 'x')).not.toBe(qrSvg('https://autre.example.org/', 'x'));
  });
});
