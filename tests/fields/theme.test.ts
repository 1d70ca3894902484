import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { themes } from '../../src/db/schema.js';
import { THEME_FIELDS, type ThemeKey } from '../../src/fields/theme.js';
import { themeForm } from '../../src/forms/theme.js';
import { labelFor } from '../../src/lib/revision-diff.js';

const MANAGED = ['id', 'slug', 'version', 'createdAt', 'updatedAt'];
const KEYS = Object.keys(THEME_FIELDS) as ThemeKey[];

describe('the thème field registry', () => {
  it('lists every column a person types, and only those', () => {
    const columns = Object.keys(getTableColumns(themes)).filter((c) => !MANAGED.includes(c));
    expect([...KEYS].sort()).toEqual(columns.sort());
  });

  it('names the history’s changes and bounds the form as the registry says', () => {
    for (const key of KEYS) expect(labelFor('theme')(key)).toBe(THEME_FIELDS[key].label);
    expect(labelFor('theme')('description')).toBe('Description');
    const tooLong = themeForm.safeParse({ name: 'x'.repeat(THEME_FIELDS.name.max + 1), color: '#1E5A44' });
    expect(tooLong.success).toBe(false);
    expect(themeForm.safeParse({ name: 'x'.repeat(THEME_FIELDS.name.max), color: '#1E5A44' }).success).toBe(true);
  });
});
