import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/schema.js';
import { layoutHeader } from '../../src/exchange/columns.js';
import { commitImport, previewImport, readImportFile } from '../../src/exchange/import-file.js';
import { publicDirectoryCsv, publicHsdsZip } from '../../src/exchange/open-data.js';
import { themeForm } from '../../src/forms/theme.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { Client, createUser, loginAs } from '../support/auth.js';
import { createOrganisation } from '../support/factories.js';

let ctx: TestContext;
let user: User;
let client: Client;
beforeEach(async () => {
  ctx = await buildTestApp();
  user = await createUser(ctx.db);
  client = await loginAs(ctx.app, user);
});
afterEach(async () => {
  await ctx.app.close();
});

const organisation = (name: string) =>
  ctx.db.$client.prepare('select id, description, referral, hours from organisations where name = ?').get(name) as {
    id: number;
    description: string;
    referral: string | null;
    hours: string | null;
  };
const exportedFiles = () => ({
  csv: new TextEncoder().encode(publicDirectoryCsv(ctx.db)),
  hsds: publicHsdsZip(ctx.db, { siteName: 'COSMOSS', homepage: null, modified: new Date('2026-11-22T12:00:00Z') }),
});

describe('line endings are stored as LF on every write path', () => {
  it('the admin form (browsers send CRLF), and its export then reads back unchanged', async () => {
    const response = await client.post('/admin/organismes', {
      name: 'Centre Le Phare',
      // A summary of its own: without one, the HSDS export falls back on the description (decision 076).
      summary: 'Phare de nuit.',
      // Browsers submit textarea line breaks as CRLF; a lone CR comes from old Mac files pasted in.
      description: 'Premier paragraphe.\r\n\r\nDeuxième paragraphe.\rFin.',
      referral: 'Par téléphone\r\nou sur place',
      version: '0',
    });
    expect(response.statusCode).toBe(303);
    expect(organisation('Centre Le Phare')).toMatchObject({
      description: 'Premier paragraphe.\n\nDeuxième paragraphe.\nFin.',
      referral: 'Par téléphone\nou sur place',
    });

    const { csv, hsds } = exportedFiles();
    for (const bytes of [csv, hsds]) {
      const preview = previewImport(ctx.db, await readImportFile(ctx.db, bytes));
      expect(preview.problems).toEqual([]);
      expect(preview.plan?.counts).toEqual({ create: 0, update: 0, unchanged: 1 });
    }
  });

  it('the person form and the thème form', async () => {
    const org = createOrganisation(ctx.db, { name: 'Maison des jeunes' });
    const response = await client.post(`/admin/organismes/${org.id}/personnes`, {
      name: 'Sophie Ouellet',
      role: 'Intervenante\r\njeunesse',
    });
    expect(response.statusCode).toBe(303);
    expect(ctx.db.$client.prepare('select role from contacts where organisation_id = ?').pluck().get(org.id)).toBe(
      'Intervenante\njeunesse',
    );
    const theme = themeForm.parse({
      name: 'Santé\r\nmentale',
      description: 'Soutien\r\npsychosocial\r',
      color: '#1E5A44',
    });
    expect(theme).toMatchObject({ name: 'Santé\nmentale', description: 'Soutien\npsychosocial' });
  });

  it('CSV and XLSX imports', async () => {
    const header = layoutHeader(1);
    const cells = (values: Record<string, string>) => header.map((column) => values[column] ?? '');
    const csvLine = (values: Record<string, string>) =>
      cells(values)
        .map((cell) => `"${cell}"`)
        .join(';');
    const csv = `${header.join(';')}\r\n${csvLine({ nom: 'Organisme CSV', description: 'Un\r\ndeux\rtrois', heures: 'Lundi\r\nMardi' })}\r\n`;
    expect(commitImport(ctx.db, user.id, await readImportFile(ctx.db, new TextEncoder().encode(csv))).status).toBe(
      'applied',
    );
    expect(organisation('Organisme CSV')).toMatchObject({ description: 'Un\ndeux\ntrois', hours: 'Lundi\nMardi' });

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Organismes');
    sheet.addRow(header);
    sheet.addRow(cells({ nom: 'Organisme XLSX', description: 'Un\r\ndeux', heures: 'Lundi\rMardi' }));
    const xlsx = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect(commitImport(ctx.db, user.id, await readImportFile(ctx.db, xlsx)).status).toBe('applied');
    expect(organisation('Organisme XLSX')).toMatchObject({ description: 'Un\ndeux', hours: 'Lundi\nMardi' });
  });
});
