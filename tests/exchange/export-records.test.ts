import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../support/app.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { readIndependently, recordsByHeader } from '../support/independent-csv.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

// Stored as given (the factories write straight to the database). Each text holds one hazard alone, since
// a ";" or a quote in the same cell would get it quoted anyway: a bare LF, a CRLF, ";", "," and quotes.
const PHARE = {
  name: 'Centre "Le Phare"; Rimouski, QC',
  summary: 'Écoute; accueil et «\u00a0aide\u00a0», "24/7", sans rendez-vous',
  description: 'Première ligne\nDeuxième ligne',
  hours: 'Lundi au vendredi\r\n9 h à 17 h',
  accessibility: 'Rampe\nStationnement réservé',
};
const ROLE = 'Intervenante\nde soir';

function seedTrickyEntries() {
  const theme = createTheme(ctx.db, { name: 'Santé mentale', description: 'Soutien\npsychosocial' });
  const phare = createOrganisation(ctx.db, PHARE);
  const person = createContact(ctx.db, phare, { name: 'Éric Gosselin', role: ROLE, isPrimary: true });
  linkTheme(ctx.db, phare, theme, { note: '12-17 ans; "ados"', contact: person });
  createOrganisation(ctx.db, { name: 'Zénith jeunesse', description: 'Une seule ligne.' });
}

async function download(url: string): Promise<Buffer> {
  const response = await ctx.app.inject({ url });
  expect(response.statusCode).toBe(200);
  return response.rawPayload;
}

describe('exports keep every record whole for an independent CSV reader', () => {
  it('/donnees/repertoire.csv: one record per organisation, texts read back exactly', async () => {
    seedTrickyEntries();
    const records = readIndependently((await download('/donnees/repertoire.csv')).toString('utf8'), ';');
    expect(records).toHaveLength(3);
    const rows = recordsByHeader(records);
    expect(rows.map((r) => r.nom).sort()).toEqual([PHARE.name, 'Zénith jeunesse']);
    const phare = rows.find((r) => r.nom === PHARE.name)!;
    expect(phare).toMatchObject({
      resume: PHARE.summary,
      description: PHARE.description,
      heures: PHARE.hours,
      accessibilite: PHARE.accessibility,
      personne1_fonction: ROLE,
    });
    expect(phare.themes).toBe('sante-mentale : 12-17 ans\\; "ados"');
  });

  it('/donnees/hsds.zip: every CSV reads whole, services.csv has one record per organisation', async () => {
    seedTrickyEntries();
    const files = unzipSync(new Uint8Array(await download('/donnees/hsds.zip')));
    const tables = new Map<string, Record<string, string>[]>();
    for (const [name, bytes] of Object.entries(files)) {
      if (name.endsWith('.csv'))
        tables.set(name, recordsByHeader(readIndependently(new TextDecoder().decode(bytes), ',')));
    }
    const services = tables.get('services.csv')!;
    expect(services.map((s) => s.name).sort()).toEqual([PHARE.name, 'Zénith jeunesse']);
    expect(services.find((s) => s.name === PHARE.name)!.description).toBe(PHARE.description);
    expect(tables.get('organizations.csv')!.find((o) => o.name === PHARE.name)!.description).toBe(PHARE.summary);
    expect(tables.get('schedules.csv')!.map((s) => s.description)).toEqual([PHARE.hours]);
    expect(tables.get('accessibility.csv')!.map((a) => a.description)).toEqual([PHARE.accessibility]);
    expect(tables.get('contacts.csv')!.map((c) => c.title)).toEqual([ROLE]);
    expect(tables.get('taxonomy_terms.csv')!.find((t) => t.code === 'sante-mentale')!.description).toBe(
      'Soutien\npsychosocial',
    );
  });
});

describe('an empty directory', () => {
  it('still exports an HSDS package: its CSVs hold their header row only', async () => {
    const files = unzipSync(new Uint8Array(await download('/donnees/hsds.zip')));
    const services = readIndependently(new TextDecoder().decode(files['services.csv']), ',');
    expect(services).toHaveLength(1);
    expect(services[0]).toContain('description');
  });
});
