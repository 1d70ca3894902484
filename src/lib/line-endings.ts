/** CRLF (browsers, Windows files) and lone CR (old Mac files) become LF: every text is stored one way. */
export function normaliseLineEndings(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}
