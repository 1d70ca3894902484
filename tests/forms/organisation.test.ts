import { describe, expect, it } from 'vitest';
import { parseThemeLinks } from '../../src/forms/organisation.js';

const known = { themeIds: new Set([1, 2]), contactIds: new Set([7]) };

describe('parseThemeLinks', () => {
  it('reads checked thèmes sent once or repeated', () => {
    expect(parseThemeLinks({ theme: ['1', '2'], contact_1: '7' }, known).links).toEqual([
      { themeId: 1, note: null, contactId: 7 },
      { themeId: 2, note: null, contactId: null },
    ]);
  });

  it.each([[1], [{ toString: 1 }], [[{}]]])(
    'answers a thème value no form can send (%j) with a French error, not an exception',
    (theme) => {
      const result = parseThemeLinks({ theme }, known);
      expect(result.links).toEqual([]);
      expect(result.errors.theme).toBe('Thème inconnu\u00a0: rechargez la page.');
    },
  );
});
