import { PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { bookFileName, pageMarginsCss, parseThemeChoice, verifiedShare } from '../../../src/lib/book/book.js';
import { readPdfOutline } from '../../../src/lib/book/pdf-pages.js';

describe('parseThemeChoice', () => {
  it('reads a shared link (commas) and the form (repeated keys) the same way', () => {
    expect(parseThemeChoice('sante-mentale,Hebergement, ,sante-mentale')).toEqual({
      ok: true,
      slugs: ['sante-mentale', 'hebergement'],
    });
    expect(parseThemeChoice(['sante-mentale', 'hebergement'])).toEqual({
      ok: true,
      slugs: ['sante-mentale', 'hebergement'],
    });
    expect(parseThemeChoice(undefined)).toEqual({ ok: true, slugs: [] });
  });

  it('refuses crafted lists with a French sentence', () => {
    expect(parseThemeChoice(Array.from({ length: 51 }, (_, i) => `t${i}`).join(','))).toEqual({
      ok: false,
      message: 'Choisissez au plus 50 thèmes.',
    });
    expect(parseThemeChoice('a'.repeat(81)).ok).toBe(false);
    expect(parseThemeChoice({ nested: 'x' }).ok).toBe(false);
  });
});

describe('verifiedShare', () => {
  it('counts entries verified within 12 months, rounding down', () => {
    const now = new Date('2026-11-22T15:00:00Z');
    expect(verifiedShare(['2026-11-01T00:00:00Z', '2024-01-01T00:00:00Z', null], now)).toEqual({
      fresh: 1,
      total: 3,
      percent: 33,
    });
    expect(verifiedShare([], now).percent).toBe(0);
  });
});

describe('bookFileName', () => {
  it('is dated in Quebec: 23:30 on the 26th there is already the 27th in UTC', () => {
    expect(bookFileName(new Date('2026-11-27T04:30:00Z'))).toBe('repertoire-cosmoss-2026-11-26.pdf');
  });
});

describe('pageMarginsCss', () => {
  it('escapes the configured texts inside CSS strings and leaves the cover bare', () => {
    const css = pageMarginsCss({ title: 'Site "A" \\ B\nC', date: '22 novembre 2026' });
    expect(css).toContain('@top-left { content: "Site \\"A\\" \\\\ B C";');
    expect(css).toContain('counter(page) " sur " counter(pages)');
    expect(css).toMatch(/@page :first \{\s+@top-left \{ content: none \}/);
  });
});

describe('readPdfOutline', () => {
  it('finds the pages of named destinations through the xref table', async () => {
    const document = await PDFDocument.create();
    const pages = [document.addPage(), document.addPage(), document.addPage()];
    const dests = document.context.obj({
      'o-caf\u00e9': [pages[2]!.ref, PDFName.of('XYZ'), 0, 792, 0],
      organismes: document.context.register(document.context.obj([pages[1]!.ref, PDFName.of('Fit')])),
    });
    document.catalog.set(PDFName.of('Dests'), document.context.register(dests));
    const bytes = await document.save({ useObjectStreams: false });
    const outline = readPdfOutline(bytes);
    expect(outline.pageCount).toBe(3);
    expect(outline.destinations.get('organismes')).toBe(2);
    expect([...outline.destinations.values()]).toContain(3);
  });

  it('refuses what it cannot read rather than guessing', () => {
    expect(() => readPdfOutline(Buffer.from('not a pdf'))).toThrow();
  });
});
