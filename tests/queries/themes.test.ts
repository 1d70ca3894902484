import { describe, expect, it } from 'vitest';
import { countActiveEntries, listThemesWithCounts } from '../../src/queries/themes.js';
import { openTestDatabase } from '../support/db.js';
import { createOrganisation, createTheme, linkTheme } from '../support/factories.js';

describe('thème counts (one aggregate per data version)', () => {
  it('counts active organisations per thème and territory, and follows every change', () => {
    const db = openTestDatabase();
    const emploi = createTheme(db, { name: 'Employabilité', position: 2 });
    const sante = createTheme(db, { name: 'Santé mentale', position: 1 });
    createTheme(db, { name: 'Deuil', position: 3 });
    const a = createOrganisation(db, { territory: 'Ville de Rimouski' });
    const b = createOrganisation(db, { territory: 'Saint-Fabien' });
    const c = createOrganisation(db, { territory: null, status: 'archived' });
    for (const organisation of [a, b, c]) linkTheme(db, organisation, emploi);
    linkTheme(db, a, sante);
    const counts = () => listThemesWithCounts(db).map((theme) => [theme.name, theme.activeCount]);
    expect(counts()).toEqual([
      ['Santé mentale', 1],
      ['Employabilité', 2],
      ['Deuil', 0],
    ]);
    expect(countActiveEntries(db)).toEqual(
      expect.arrayContaining([
        { themeId: emploi.id, territory: 'Ville de Rimouski', entries: 1 },
        { themeId: emploi.id, territory: 'Saint-Fabien', entries: 1 },
        { themeId: sante.id, territory: 'Ville de Rimouski', entries: 1 },
      ]),
    );
    expect(countActiveEntries(db)).toHaveLength(3);
    // Straight in SQL, as another process would: the content version (triggers) still moves.
    db.$client.prepare("UPDATE organisations SET status = 'archived' WHERE id = ?").run(a.id);
    expect(counts()).toEqual([
      ['Santé mentale', 0],
      ['Employabilité', 1],
      ['Deuil', 0],
    ]);
  });
});
