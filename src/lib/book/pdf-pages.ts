import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';

/**
 * On which page (1-based) each named destination of a Chromium PDF lies. Chromium writes one for every
 * element id that a link of the document points to, in the catalog's /Dests dictionary: a link from the
 * table of contents is all it takes to learn where an entry really starts.
 */
export async function destinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  const pageIndex = new Map<string, number>();
  document.getPages().forEach((page, index) => pageIndex.set(page.ref.toString(), index + 1));
  const result = new Map<string, number>();
  const dests = document.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  if (!dests) return result;
  for (const [name, value] of dests.entries()) {
    const target = value instanceof PDFRef ? document.context.lookup(value) : value;
    const pageRef = target instanceof PDFArray ? target.get(0) : undefined;
    const page = pageRef ? pageIndex.get(pageRef.toString()) : undefined;
    if (page !== undefined) result.set(decodeName(name.asString()), page);
  }
  return result;
}

// "/o-caf#C3#A9" → "o-café": PDF names escape bytes outside printable ASCII as #hh.
function decodeName(name: string): string {
  const raw = name.replace(/^\//, '');
  const bytes = Buffer.from(
    raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  return bytes.toString('utf8');
}

/** Number of pages of a PDF. */
export async function pageCount(pdf: Uint8Array): Promise<number> {
  return (await PDFDocument.load(pdf, { updateMetadata: false })).getPageCount();
}
