import { describe, expect, it } from 'vitest';
import { readyBytes } from '../../src/lib/ready-bytes.js';

describe('readyBytes', () => {
  it('gives the UTF-8 bytes and a weak ETag that follows the content, whatever the input', () => {
    const fromText = readyBytes('Répertoire');
    const bytes = new TextEncoder().encode('xxRépertoirexx');
    const fromView = readyBytes(bytes.subarray(2, bytes.length - 2));
    expect(fromView.body.equals(fromText.body)).toBe(true);
    expect(fromText.body.toString('utf8')).toBe('Répertoire');
    expect(fromView.etag).toBe(fromText.etag);
    expect(fromText.etag).toMatch(/^W\/"[A-Za-z0-9+/]{27}="$/);
    expect(readyBytes('Répertoires').etag).not.toBe(fromText.etag);
  });
});
