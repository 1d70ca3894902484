import zlib from 'node:zlib';
import { readyBytes, type ReadyBytes } from './ready-bytes.js';

export type Encoding = 'br' | 'gzip' | 'identity';

/** Below this, compressing saves less than the headers it costs. */
export const COMPRESS_THRESHOLD = 1024;
// Brotli 6: within ~8 % of quality 11's size for ~1/15 of its CPU. Most fiches are served once or twice
// per data version, so quality 11 (~1 ms per kB) cost more CPU than it saved bandwidth (bench, issue 17).
const BROTLI_QUALITY = 6;

/** The encoding to send for an Accept-Encoding header: brotli, then gzip, honouring q=0 refusals. */
export function preferredEncoding(acceptEncoding: string | string[] | undefined): Encoding {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : (acceptEncoding ?? '');
  if (header === '') return 'identity';
  const accepted = new Map<string, number>();
  for (const part of header.toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name!.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => accepted.get(name) ?? accepted.get('*') ?? 0;
  if (weight('br') > 0) return 'br';
  if (weight('gzip') > 0) return 'gzip';
  return 'identity';
}

let compressions = 0;
/** How many bodies have been compressed so far (tests and the bench check that it is once per body). */
export const compressionCount = () => compressions;

function compress(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  compressions++;
  // zlib's callback forms run on libuv's thread pool: the event loop keeps serving meanwhile.
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, result: Buffer) => (error ? reject(error) : resolve(result));
    if (encoding === 'gzip') zlib.gzip(body, { level: 6 }, done);
    else {
      const params = {
        [zlib.constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      };
      zlib.brotliCompress(body, { params }, done);
    }
  });
}

// A large page keeps only its compressed forms once one exists: brotli and gzip take a tenth of the HTML's
// bytes, and nearly every browser asks for them. The rare identity request decompresses (issue 17).
const COMPACT_FROM = 64 * 1024;

function decompress(body: Buffer, encoding: 'br' | 'gzip'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, result: Buffer) => (error ? reject(error) : resolve(result));
    if (encoding === 'gzip') zlib.gunzip(body, done);
    else zlib.brotliDecompress(body, done);
  });
}

/**
 * A body kept with its ETag and, made lazily once each, its gzip and brotli forms: every later
 * response in that encoding sends the same bytes without compressing again. With `compact`, a large
 * body drops its uncompressed bytes once a compressed form exists.
 */
export class EncodedBody {
  readonly etag: string;
  /** Length of the uncompressed body, in bytes. */
  readonly length: number;
  private raw: Buffer | null;
  private readonly compact: boolean;
  private readonly encoded = new Map<'br' | 'gzip', Promise<Buffer>>();
  private readonly done = new Map<'br' | 'gzip', Buffer>();

  constructor(content: string | Uint8Array | ReadyBytes, options: { compact?: boolean } = {}) {
    const ready = typeof content === 'object' && 'etag' in content ? content : readyBytes(content);
    this.raw = ready.body;
    this.etag = ready.etag;
    this.length = ready.body.length;
    this.compact = options.compact === true && this.length >= COMPACT_FROM;
  }

  /** What is actually worth sending for a wanted encoding (small bodies go as they are). */
  encodingFor(wanted: Encoding): Encoding {
    return this.length < COMPRESS_THRESHOLD ? 'identity' : wanted;
  }

  bytes(encoding: Encoding): Promise<Buffer> | Buffer {
    if (encoding === 'identity') return this.raw ?? this.uncompressed();
    let pending = this.encoded.get(encoding);
    if (!pending) {
      pending = Promise.resolve(this.raw ?? this.uncompressed())
        .then((raw) => compress(raw, encoding))
        .then((result) => {
          this.done.set(encoding, result);
          if (this.compact) this.raw = null;
          return result;
        });
      this.encoded.set(encoding, pending);
    }
    return pending;
  }

  /** The body back from a compressed form (only once the uncompressed bytes were dropped). */
  private uncompressed(): Promise<Buffer> {
    const [encoding, bytes] = [...this.done][0]!;
    return decompress(bytes, encoding);
  }

  /** Memory held: the body (unless dropped) and whichever compressed forms exist. */
  get size(): number {
    let total = this.raw?.length ?? 0;
    for (const bytes of this.done.values()) total += bytes.length;
    return total;
  }
}
