import { parse, type HTMLElement } from 'node-html-parser';

export function parseHtml(html: string): HTMLElement {
  return parse(html);
}

/** Visible text of the document's <main>, whitespace collapsed. */
export function mainText(html: string): string {
  const main = parse(html).querySelector('main');
  return (main?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
