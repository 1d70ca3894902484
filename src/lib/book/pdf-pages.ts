/**
 * Reads, in a PDF printed by Chromium, its page order and its named destinations: Chromium writes one
 * for every element id a link of the document points to (catalog /Dests). A link from the table of
 * contents is thus all it takes to learn where an entry really starts.
 *
 * Only the object dictionaries are read, found through the cross-reference table: a few milliseconds
 * for a 1 MB file, where a full PDF parser (pdf-lib) blocked the event loop for 700 ms (decision 102).
 * Chromium (Skia) writes a classic xref table and plain object dictionaries; anything else throws.
 */
export interface PdfOutline {
  pageCount: number;
  /** Destination name → 1-based page number. */
  destinations: Map<string, number>;
}

export function readPdfOutline(pdf: Uint8Array): PdfOutline {
  const text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
  const offsets = crossReferences(text);
  const body = (ref: number): string => {
    const start = offsets.get(ref);
    if (start === undefined) throw new Error(`PDF object ${ref} not in the cross-reference table`);
    const header = text.indexOf('obj', start) + 3;
    // The objects read here have no stream: endobj is near, whereas the next "stream" may be megabytes on.
    const body = text.slice(header, text.indexOf('endobj', header));
    const stream = body.indexOf('stream');
    return stream >= 0 ? body.slice(0, stream) : body;
  };
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const root = reference(trailer, 'Root');
  const catalog = body(root);

  const pages: number[] = [];
  const walk = (ref: number, depth: number) => {
    if (depth > 32) throw new Error('PDF page tree too deep');
    const node = body(ref);
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(node);
    if (!/\/Type\s*\/Pages\b/.test(node) || !kids) return void pages.push(ref);
    for (const [, kid] of kids[1]!.matchAll(/(\d+)\s+\d+\s+R/g)) walk(Number(kid), depth + 1);
  };
  walk(reference(catalog, 'Pages'), 0);
  const pageNumber = new Map(pages.map((ref, index) => [ref, index + 1]));

  const destinations = new Map<string, number>();
  const destsRef = /\/Dests\s+(\d+)\s+\d+\s+R/.exec(catalog);
  const dests = destsRef ? body(Number(destsRef[1])) : (/\/Dests\s*(<<[\s\S]*?>>)/.exec(catalog)?.[1] ?? '');
  for (const [, name, target] of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[?\s*(\d+)\s+\d+\s+R/g)) {
    // A destination is [page /XYZ …] inline, or a reference to that array.
    const page = pageNumber.get(Number(target)) ?? pageOfArray(body, Number(target), pageNumber);
    if (page !== undefined) destinations.set(decodeName(name!), page);
  }
  return { pageCount: pages.length, destinations };
}

function pageOfArray(body: (ref: number) => string, ref: number, pageNumber: Map<number, number>) {
  const first = /^\s*\[\s*(\d+)\s+\d+\s+R/.exec(body(ref));
  return first ? pageNumber.get(Number(first[1])) : undefined;
}

function reference(dictionary: string, key: string): number {
  const match = new RegExp(`/${key}\\s+(\\d+)\\s+\\d+\\s+R`).exec(dictionary);
  if (!match) throw new Error(`PDF /${key} not found`);
  return Number(match[1]);
}

// The last classic "xref" section: object number → byte offset of "N 0 obj".
function crossReferences(text: string): Map<number, number> {
  const start = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!start || !text.startsWith('xref', Number(start[1]))) throw new Error('PDF without a classic xref table');
  const offsets = new Map<number, number>();
  const section = /(\d+) (\d+)\r?\n/y;
  let position = Number(start[1]) + 'xref'.length;
  while (/\s/.test(text[position] ?? '')) position++;
  for (;;) {
    section.lastIndex = position;
    const head = section.exec(text);
    if (!head) break;
    position = section.lastIndex;
    const first = Number(head[1]);
    for (let i = 0; i < Number(head[2]); i++) {
      // Each entry is exactly 20 bytes: "0000012345 00000 n\r\n" (or " \n").
      if (text[position + 17] !== 'n' && text[position + 17] !== 'f') throw new Error('PDF xref table malformed');
      if (text[position + 17] === 'n') offsets.set(first + i, Number(text.slice(position, position + 10)));
      position += 20;
    }
  }
  return offsets;
}

// "o-caf#C3#A9" → "o-café": PDF names escape bytes outside printable ASCII as #hh.
function decodeName(name: string): string {
  const bytes = name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
