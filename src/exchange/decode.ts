export type Decoded = { ok: true; text: string } | { ok: false; message: string };

const SAVE_AS_UTF8 =
  'Dans Excel, choisissez Fichier › Enregistrer sous › « CSV UTF-8 (délimité par des virgules) »\u00a0; dans LibreOffice, cochez « Modifier les paramètres du filtre » et choisissez le jeu de caractères Unicode (UTF-8).';

/** Line (1-based) of a byte offset, for pointing at the first bad character. */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let low = 0;
  let high = bytes.length;
  // Bisect on prefixes: decoding stops being valid at the first bad sequence.
  while (high - low > 4) {
    const mid = (low + high) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      low = mid;
    } catch {
      high = mid;
    }
  }
  return low;
}

/** Reads a CSV file's bytes as UTF-8 text, refusing binary data and other encodings with a French explanation. */
export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, message: 'Le fichier est vide.' };
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { ok: false, message: `Le fichier est encodé en UTF-16\u00a0; il doit l’être en UTF-8. ${SAVE_AS_UTF8}` };
  }
  const sample = bytes.subarray(0, 64 * 1024);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0)
      return {
        ok: false,
        message:
          'Ce fichier n’est pas un fichier texte (il contient des données binaires)\u00a0: importez un fichier CSV, XLSX ou un paquet HSDS (.zip).',
      };
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) control++;
  }
  if (control > sample.length / 100) {
    return {
      ok: false,
      message:
        'Ce fichier n’est pas un fichier texte (trop de caractères de contrôle)\u00a0: importez un fichier CSV, XLSX ou un paquet HSDS (.zip).',
    };
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const body = bytes.subarray(start);
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body) };
  } catch {
    const line = lineOf(body, firstInvalidUtf8(body));
    return {
      ok: false,
      message: `Le fichier n’est pas encodé en UTF-8 (probablement en Windows-1252, l’encodage «\u00a0ANSI\u00a0» d’Excel)\u00a0: les lettres accentuées seraient mal lues, à partir de la ligne ${line}. ${SAVE_AS_UTF8}`,
    };
  }
}
