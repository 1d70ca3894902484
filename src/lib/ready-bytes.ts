import crypto from 'node:crypto';

/** A response body kept as bytes with its weak ETag, computed once: serving it then allocates and hashes nothing. */
export interface ReadyBytes {
  body: Buffer;
  etag: string;
}

export function readyBytes(content: string | Uint8Array): ReadyBytes {
  const body =
    typeof content === 'string'
      ? Buffer.from(content)
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  return { body, etag: `W/"${crypto.createHash('sha1').update(body).digest('base64')}"` };
}
