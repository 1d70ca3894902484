import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/lib/log-redaction.js';

describe('redactUrl', () => {
  it('hides a verification token and keeps the rest of the path', () => {
    const token = 'a'.repeat(43);
    expect(redactUrl(`/verification/${token}`)).toBe('/verification/[jeton]');
    expect(redactUrl(`/verification/${token}/merci?reponse=exact`)).toBe('/verification/[jeton]/merci?reponse=exact');
    expect(redactUrl('/organismes/maison-des-familles')).toBe('/organismes/maison-des-familles');
  });
});
