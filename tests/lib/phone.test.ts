import { describe, expect, it } from 'vitest';
import { formatPhone, formatPhoneWithExtension, phoneDigits, telHref } from '../../src/lib/phone.js';

describe('phones', () => {
  it.each([
    ['4185550123', '418 555-0123'],
    ['(418) 555-0123', '418 555-0123'],
    ['418.555.0123', '418 555-0123'],
    ['1-418-555-0123', '418 555-0123'],
    ['18005550199', '1 800 555-0199'],
    ['877 555 0100', '1 877 555-0100'],
    ['911', '911'],
  ])('formats %s as %s', (input, expected) => {
    expect(formatPhone(input)).toBe(expected);
  });

  it('adds the extension the Quebec way, or abbreviated for dense print', () => {
    expect(formatPhoneWithExtension('4185550123', '12')).toBe('418 555-0123, poste 12');
    expect(formatPhoneWithExtension('4185550123', '12', true)).toBe('418 555-0123, p. 12');
    expect(formatPhoneWithExtension('4185550123', null)).toBe('418 555-0123');
  });

  it('builds RFC 3966 tel: links that dial the extension', () => {
    expect(telHref('418 555-0123')).toBe('tel:+14185550123');
    expect(telHref('418 555-0123', '12')).toBe('tel:+14185550123;ext=12');
    expect(telHref('1 800 555-0199')).toBe('tel:+18005550199');
    expect(phoneDigits('555')).toBeNull();
  });
});
