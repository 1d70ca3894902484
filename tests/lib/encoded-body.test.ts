import zlib from 'node:zlib';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { compressionCount, EncodedBody } from '../../src/lib/encoded-body.js';

// A page-like body: repeated markup with varying text, ~300 kB.
const page = Array.from(
  { length: 3000 },
  (_, i) => `<li><a href="/organismes/o${i}">Organisme ${i} — Rimouski</a> 418 555-${String(i).padStart(4, '0')}</li>`,
).join('\n');

describe('EncodedBody', () => {
  it('drops a large page’s uncompressed bytes once compressed, and still serves every encoding the same', async () => {
    const body = new EncodedBody(page, { compact: true });
    expect(body.size).toBe(Buffer.byteLength(page));
    const brotli = await body.bytes('br');
    // Only the brotli form is held now: a fraction of the page.
    expect(body.size).toBe(brotli.length);
    expect(body.size).toBeLessThan(body.length / 5);
    expect((await body.bytes('identity')).toString('utf8')).toBe(page);
    // gzip made from the brotli form, read back by an independent decoder.
    expect(Buffer.from(gunzipSync(await body.bytes('gzip'))).toString('utf8')).toBe(page);
    expect(zlib.brotliDecompressSync(brotli).toString('utf8')).toBe(page);
  });

  it('compresses each encoding once, however often it is asked for (identity costs no compression)', async () => {
    const body = new EncodedBody(page, { compact: true });
    const before = compressionCount();
    const [a, b] = await Promise.all([body.bytes('br'), body.bytes('br')]);
    expect(a).toBe(b);
    await body.bytes('identity');
    await body.bytes('gzip');
    await body.bytes('gzip');
    await body.bytes('identity');
    expect(compressionCount() - before).toBe(2);
  });

  it('keeps small bodies and non-compact ones whole', async () => {
    const small = new EncodedBody('<p>court</p>'.repeat(100), { compact: true });
    await small.bytes('br');
    expect(small.size).toBeGreaterThan(small.length);
    const whole = new EncodedBody(page);
    const gzip = await whole.bytes('gzip');
    expect(whole.size).toBe(whole.length + gzip.length);
    expect(whole.bytes('identity')).toBeInstanceOf(Buffer);
  });
});
