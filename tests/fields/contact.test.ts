import { getTableColumns } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { contacts } from '../../src/db/schema.js';
import { CONTACT_COLUMNS } from '../../src/exchange/columns.js';
import { CONTACT_FIELDS, type ContactFieldSpec, type ContactKey } from '../../src/fields/contact.js';
import { contactForm } from '../../src/forms/contact.js';
import { labelFor } from '../../src/lib/revision-diff.js';

const MANAGED = [
  'id',
  'organisationId',
  'position',
  'verifiedAt',
  'verifiedBy',
  'openDataConsentAt',
  'openDataConsentBy',
  'version',
  'createdAt',
  'updatedAt',
];
const KEYS = Object.keys(CONTACT_FIELDS) as ContactKey[];

describe('the contact field registry', () => {
  it('lists every column a person types, and only those', () => {
    const columns = Object.keys(getTableColumns(contacts)).filter((c) => !MANAGED.includes(c));
    expect([...KEYS].sort()).toEqual(columns.sort());
  });

  it('is what the form parses, the CSV carries and the history names', () => {
    expect(Object.keys(contactForm.shape).filter((k) => k !== 'version')).toEqual(KEYS);
    const filed = CONTACT_COLUMNS.filter((c) => c.field);
    expect(filed.map((c) => c.field)).toEqual(KEYS.filter((k) => CONTACT_FIELDS[k].csv));
    for (const column of filed) {
      const spec: ContactFieldSpec = CONTACT_FIELDS[column.field!];
      expect(column).toMatchObject({ suffix: spec.csv!.suffix, label: spec.label, help: spec.csv!.help });
      expect(labelFor('contact')(column.field!)).toBe(spec.label);
    }
  });

  it('reads a contact’s phone as its form does, not as an organisation’s', () => {
    expect(labelFor('contact')('phone')).toBe('Ligne directe');
    expect(labelFor('organisation')('phone')).not.toBe('Ligne directe');
  });
});
