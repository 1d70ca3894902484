import { SaxesParser, type SaxesTagPlain } from 'saxes';

/** The parts of an XLSX workbook (ECMA-376 SpreadsheetML) that reading its first sheet needs. */

type Handlers = {
  open?: (tag: SaxesTagPlain) => void;
  text?: (text: string) => void;
  close?: (name: string) => void;
};

const CHUNK = 1 << 20;

/**
 * Feeds an XML part to a SAX parser a megabyte at a time, so that a large sheet is never one string in
 * memory; `keepGoing` lets the caller stop early. Malformed XML throws.
 */
export function parseXml(bytes: Uint8Array, handlers: Handlers, keepGoing: () => boolean = () => true): void {
  const parser = new SaxesParser();
  parser.on('error', (error) => {
    throw error;
  });
  if (handlers.open) parser.on('opentag', handlers.open);
  if (handlers.text) parser.on('text', handlers.text);
  if (handlers.close) {
    const close = handlers.close;
    parser.on('closetag', (tag) => close(tag.name));
  }
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (let at = 0; at < bytes.length && keepGoing(); at += CHUNK) {
    parser.write(decoder.decode(bytes.subarray(at, at + CHUNK), { stream: at + CHUNK < bytes.length }));
  }
  if (keepGoing()) parser.close();
}

/** Where the workbook's first sheet is, and which date system it counts in. */
export function firstSheet(
  workbook: Uint8Array,
  rels: Uint8Array | undefined,
): { path: string | null; sheets: number; date1904: boolean } {
  const ids: string[] = [];
  let date1904 = false;
  parseXml(workbook, {
    open: (tag) => {
      if (tag.name === 'sheet') ids.push(tag.attributes['r:id'] ?? '');
      if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(tag.attributes.date1904 ?? '');
    },
  });
  const targets = new Map<string, string>();
  if (rels)
    parseXml(rels, {
      open: (tag) => tag.name === 'Relationship' && targets.set(tag.attributes.Id ?? '', tag.attributes.Target ?? ''),
    });
  const target = targets.get(ids[0] ?? '') ?? null;
  // Targets are relative to xl/, or absolute from the package root.
  const path = target === null ? null : target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  return { path, sheets: ids.length, date1904 };
}

/** The shared-strings table: each item's text, rich-text runs joined, phonetic guides left out. */
export function sharedStrings(part: Uint8Array | undefined): string[] {
  const strings: string[] = [];
  if (!part) return strings;
  let current: string | null = null;
  let inText = false;
  let phonetic = 0;
  parseXml(part, {
    open: (tag) => {
      if (tag.name === 'si') current = '';
      else if (tag.name === 'rPh') phonetic += 1;
      else if (tag.name === 't' && phonetic === 0) inText = true;
    },
    text: (text) => {
      if (inText && current !== null) current += text;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic -= 1;
      else if (name === 'si') {
        strings.push(current ?? '');
        current = null;
      }
    },
  });
  return strings;
}

// Built-in number formats that show a date or a time (ECMA-376 §18.8.30, with the East Asian ones).
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

/** A custom format is a date when, quoted text and [colour] or [$-locale] sections aside, it has y, m, d, h or s. */
export function isDateFormat(code: string): boolean {
  return /[ymdhs]/i.test(
    code
      .replace(/\[[^\]]*\]/g, '')
      .replace(/"[^"]*"/g, '')
      .replace(/\\./g, ''),
  );
}

/** For each cell style index (the `s` of a cell), whether it shows the number as a date. */
export function dateStyles(part: Uint8Array | undefined): boolean[] {
  if (!part) return [];
  const custom = new Map<number, string>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  parseXml(part, {
    open: (tag) => {
      if (tag.name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), tag.attributes.formatCode ?? '');
      else if (tag.name === 'cellXfs') inCellXfs = true;
      else if (tag.name === 'xf' && inCellXfs) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        const code = custom.get(id);
        styles.push(code === undefined ? BUILT_IN_DATES.has(id) : isDateFormat(code));
      }
    },
    close: (name) => {
      if (name === 'cellXfs') inCellXfs = false;
    },
  });
  return styles;
}

/** An Excel serial day number as an ISO date (the 1900 system counts from 1899-12-30, leap-year bug included). */
export function serialToIsoDate(serial: number, date1904: boolean): string | null {
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : Date.UTC(1899, 11, 30);
  const time = epoch + Math.round(serial * 86_400) * 1000;
  return Number.isFinite(time) && Math.abs(time) < 8.64e15 ? new Date(time).toISOString().slice(0, 10) : null;
}

/** "AB12" → column 28 (1-based), row 12. */
export function decodeAddress(address: string): { column: number; row: number } | null {
  const match = /^([A-Z]{1,3})(\d+)$/.exec(address);
  if (!match) return null;
  let column = 0;
  for (const letter of match[1]!) column = column * 26 + (letter.charCodeAt(0) - 64);
  return { column, row: Number(match[2]) };
}

export function encodeColumn(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}
