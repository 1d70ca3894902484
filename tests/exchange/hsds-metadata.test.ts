import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import type { User } from '../../src/db/schema.js';
import { publicHsdsZip } from '../../src/exchange/open-data.js';
// People here consented to the open data (decision 073): metadata.csv may name their changes.
import { createContact, deleteContact, saveContact } from '../../src/queries/contact-edits.js';
import { createOrganisation, saveOrganisation } from '../../src/queries/organisation-edits.js';
import { organisationForm } from '../../src/forms/organisation.js';
import { createUser } from '../support/auth.js';
import { openTestDatabase } from '../support/db.js';
import { readIndependently, recordsByHeader } from '../support/independent-csv.js';
import { NO_VALUE, WITHHELD_VALUE } from '../../src/exchange/hsds/export-metadata.js';

let db: Db;
let user: User;
beforeEach(async () => {
  db = openTestDatabase();
  user = await createUser(db);
});
afterEach(() => db.$client.close());

function metadataRows(): Record<string, string>[] {
  const files = unzipSync(
    publicHsdsZip(db, { siteName: 'COSMOSS', homepage: null, modified: new Date('2026-11-22T12:00:00Z') }),
  );
  return recordsByHeader(readIndependently(new TextDecoder().decode(files['metadata.csv']), ','));
}

describe('metadata.csv (decision 055)', () => {
  it('says which of a person’s fields changed, never their previous or new personal details', () => {
    const org = createOrganisation(
      db,
      user.id,
      organisationForm.parse({ name: 'Maison des jeunes', email: 'info@mdj.example.org', phone: '418 555-0150' }),
      [],
    );
    const person = createContact(
      db,
      user.id,
      org.id,
      {
        name: 'Marie Tremblay',
        role: 'Coordonnatrice',
        phone: '418 555-0101',
        phoneExtension: '12',
        email: 'marie.tremblay@mdj.example.org',
        isPrimary: true,
      },
      undefined,
      true,
    );
    const saved = saveContact(db, user.id, person.id, person.version, {
      name: 'Marie Roy',
      role: 'Directrice',
      phone: '418 555-0102',
      phoneExtension: null,
      email: 'accueil@mdj.example.org',
      isPrimary: true,
    });
    expect(saved.status).toBe('saved');
    const gone = createContact(
      db,
      user.id,
      org.id,
      {
        name: 'Paul Gagnon',
        role: 'Intervenant',
        phone: '418 555-0103',
        phoneExtension: null,
        email: 'paul.gagnon@mdj.example.org',
        isPrimary: false,
      },
      undefined,
      true,
    );
    deleteContact(db, user.id, gone.id);

    const rows = metadataRows();
    const text = JSON.stringify(rows);
    for (const removed of [
      'Marie Tremblay',
      'marie.tremblay@',
      '418 555-0101',
      'Coordonnatrice',
      'Paul Gagnon',
      'paul.gagnon@',
      '418 555-0103',
    ]) {
      expect(text, removed).not.toContain(removed);
    }
    const personRows = rows.filter((r) => r.resource_type === 'contact');
    expect(personRows.map((r) => r.field_name).sort()).toEqual([
      '*',
      'email',
      'name',
      'phone',
      'phoneExtension',
      'role',
    ]);
    const withheld = [NO_VALUE, WITHHELD_VALUE];
    expect(
      personRows.every((r) => withheld.includes(r.previous_value!) && withheld.includes(r.replacement_value!)),
    ).toBe(true);
  });

  it('keeps an organisation’s previous texts, but not its previous e-mail or phone numbers', () => {
    const org = createOrganisation(
      db,
      user.id,
      organisationForm.parse({
        name: 'Maison des jeunes',
        hours: 'Lundi',
        email: 'marie.tremblay@mdj.example.org',
        phone: '418 555-0150',
        tollFreePhone: '1 800 555-0150',
      }),
      [],
    );
    createContact(
      db,
      user.id,
      org.id,
      {
        name: 'Marie Tremblay',
        role: '',
        phone: null,
        phoneExtension: null,
        email: null,
        isPrimary: true,
      },
      undefined,
      true,
    );
    const version = db.$client.prepare('select version from organisations where id = ?').pluck().get(org.id) as number;
    const form = organisationForm.parse({
      name: 'Maison des jeunes',
      hours: 'Mardi',
      email: 'info@mdj.example.org',
      phone: '418 555-0151',
    });
    expect(saveOrganisation(db, user.id, org.id, version, form, []).status).toBe('saved');

    const rows = metadataRows().filter((r) => r.resource_type === 'organization' && r.last_action_type === 'update');
    expect(rows.find((r) => r.field_name === 'hours')).toMatchObject({
      previous_value: 'Lundi',
      replacement_value: 'Mardi',
    });
    for (const field of ['email', 'phone', 'tollFreePhone']) {
      expect(
        rows.find((r) => r.field_name === field),
        field,
      ).toMatchObject({ previous_value: WITHHELD_VALUE, replacement_value: WITHHELD_VALUE });
    }
    expect(JSON.stringify(rows)).not.toMatch(/marie\.tremblay@|418 555-0150|800 555-0150/);
  });
});
