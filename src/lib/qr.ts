import QRCode from 'qrcode';

const QUIET_ZONE = 2;
const cache = new Map<string, string>();

/**
 * A QR code as inline SVG markup (one path, no style attribute, so the CSP allows it), cached per text.
 * The text is only ever a URL from the config or the request's origin; it is escaped for the label anyway.
 */
export function qrSvg(text: string, label: string): string {
  const key = `${text}\n${label}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = modules.size + 2 * QUIET_ZONE;
  let path = '';
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (modules.get(row, col)) path += `M${col + QUIET_ZONE} ${row + QUIET_ZONE}h1v1h-1z`;
    }
  }
  const svg =
    `<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" aria-label="${escapeAttribute(label)}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
  // The origin comes from the Host header: bound the cache so odd hosts cannot grow it.
  if (cache.size > 20) cache.clear();
  cache.set(key, svg);
  return svg;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
