import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportCommandError, runImportCommand } from '../../src/cli/import.js';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { layoutHeader } from '../../src/exchange/columns.js';
import { writeSpreadsheetCsv } from '../../src/exchange/csv-write.js';
import { countOrganisations } from '../../src/queries/organisations.js';
import { createUser } from '../support/auth.js';
import { openTestDatabase } from '../support/db.js';

let db: Db;
let dir: string;
beforeEach(() => {
  db = openTestDatabase();
  seedDatabase(db, 'themes');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-cli-'));
});
afterEach(() => {
  db.$client.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Captures what the command writes on stderr; `isTTY` chooses between the bar and plain lines. */
function capture(isTTY: boolean) {
  let text = '';
  const stream = new Writable({
    write: (chunk, _enc, done) => ((text += String(chunk)), done()),
  }) as unknown as NodeJS.WriteStream;
  stream.isTTY = isTTY;
  return { stream, text: () => text };
}

function writeCsv(rows: number): string {
  const header = layoutHeader(3);
  const lines = Array.from({ length: rows }, (_, i) =>
    header.map(
      (c) =>
        (
          ({
            nom: `Organisme généré ${i + 1}`,
            telephone: `418 555-${String(i % 10000).padStart(4, '0')}`,
            themes: 'sante-mentale : 18 ans et plus',
            personne1_nom: `Personne ${i + 1}`,
            personne1_themes: 'sante-mentale',
          }) as Record<string, string>
        )[c] ?? '',
    ),
  );
  const file = path.join(dir, 'import.csv');
  fs.writeFileSync(file, writeSpreadsheetCsv(header, lines));
  return file;
}

describe('npm run cli -- import FILE', () => {
  it('--dry-run previews without writing, with plain percentage lines when stderr is not a terminal', async () => {
    const file = writeCsv(1000);
    const err = capture(false);
    const output = await runImportCommand(db, [file, '--dry-run'], err.stream);
    expect(output).toContain('Aperçu (rien n’est écrit)\u00a0: 1\u00a0000 organismes créés, 0 modifié, 0 inchangé.');
    expect(output).toContain('… et 800 autres organismes.');
    expect(countOrganisations(db)).toBe(0);
    expect(err.text()).toContain('Vérification : 0 % (1/1000)');
    expect(err.text()).toContain('Vérification : 100 % (1000/1000)');
    expect(err.text()).not.toContain('\r');
  });

  it('imports with a progress bar on a terminal, credits the only administrator, and a second run changes nothing', async () => {
    const admin = await createUser(db, { role: 'admin' });
    const file = writeCsv(300);
    const err = capture(true);
    const output = await runImportCommand(db, [file], err.stream);
    expect(output).toContain('Importation terminée\u00a0: 300 organismes créés, 0 modifié, 0 inchangé.');
    expect(err.text()).toMatch(/\rÉcriture\s+\[#{30}\] 100 % \(300\/300\)\n/);
    expect(countOrganisations(db)).toBe(300);
    expect(db.$client.prepare('select distinct user_id from revisions').all()).toEqual([{ user_id: admin.id }]);
    expect(await runImportCommand(db, [file], capture(false).stream)).toContain(
      '0 organisme créé, 0 modifié, 300 inchangés.',
    );
  });

  it('refuses a bad file with the French report, writing nothing', async () => {
    await createUser(db, { role: 'admin' });
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(
      file,
      writeSpreadsheetCsv(layoutHeader(3), [layoutHeader(3).map((c) => (c === 'resume' ? 'Sans nom' : ''))]),
    );
    await expect(runImportCommand(db, [file], capture(false).stream)).rejects.toThrow(
      /1 problème : rien n’a été importé\.\n {2}ligne 2, colonne nom : Le nom de l’organisme est obligatoire\./,
    );
    expect(countOrganisations(db)).toBe(0);
  });

  it('asks who the author is when it cannot tell', async () => {
    await createUser(db, { role: 'admin' });
    await createUser(db, { role: 'admin' });
    await expect(runImportCommand(db, [writeCsv(1)], capture(false).stream)).rejects.toThrow(ImportCommandError);
    await expect(runImportCommand(db, [], capture(false).stream)).rejects.toThrow(/Usage/);
  });
});

describe('the cli entry point', () => {
  it('prints a refused import as a French message with exit code 2, not a stack trace', async () => {
    const { spawnSync } = await import('node:child_process');
    const file = path.join(dir, 'garbage.csv');
    fs.writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02]));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', 'import', file, '--dry-run'], {
      env: { ...process.env, DATABASE_PATH: path.join(dir, 'cli.db'), SEED: 'themes' },
      encoding: 'utf8',
    });
    expect(result.status).toBe(2);
    expect(result.stderr).not.toMatch(/at .*\.ts:\d+/);
    expect(result.stderr.trim().length).toBeGreaterThan(10);
  });
});
