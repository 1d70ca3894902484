import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/queries/seed.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { mainText, parseHtml } from '../support/html.js';

// Issue 14: the words a worker types for a 17-year-old who uses drugs and has nowhere to sleep tonight.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
  seedDatabase(ctx.db, 'demo');
});
afterAll(async () => {
  await ctx.app.close();
});

async function search(query: string) {
  const response = await ctx.app.inject({ url: `/recherche?${query}` });
  expect(response.statusCode).toBe(200);
  const doc = parseHtml(response.body);
  const names = (selector: string) =>
    doc.querySelectorAll(`${selector} .result-title a`).map((a) => a.textContent.trim());
  return {
    doc,
    text: mainText(response.body),
    results: names('.search-results-section'),
    relaxed: names('.search-relaxed'),
  };
}
const q = (text: string) => `q=${encodeURIComponent(text)}`;
const ageOf = (name: string) =>
  ctx.db.$client.prepare('SELECT age_min AS min, age_max AS max FROM organisations WHERE name = ?').get(name) as {
    min: number | null;
    max: number | null;
  };

describe('ages in the words', () => {
  it.each([
    ['logement 17 ans', 17, 17, "Auberge du cœur L'Embarcadère"],
    ['hébergement 17 ans', 17, 17, "Auberge du cœur L'Embarcadère"],
    ['mineur', 0, 17, "Maison des jeunes L'Escale du Fleuve"],
    ['ado', 12, 17, "Maison des jeunes L'Escale du Fleuve"],
    [
      'scolaire 12-17 ans',
      12,
      17,
      'Centre de services scolaire des Battures (fictif) – Services éducatifs complémentaires',
    ],
  ])('« %s » keeps organisations whose ages overlap %i–%i', async (text, min, max, expected) => {
    const { results } = await search(q(text));
    expect(results).toContain(expected);
    for (const name of results) {
      const age = ageOf(name);
      expect(age.min === null || age.min <= max, name).toBe(true);
      expect(age.max === null || age.max >= min, name).toBe(true);
    }
  });

  it('shows the age as a chip whose ✕ is a plain link to the search without it', async () => {
    const { doc, results } = await search(q('logement 17 ans'));
    const chip = doc.querySelector('.search-chip');
    expect(chip?.textContent).toContain('17 ans');
    const remove = chip?.querySelector('a');
    expect(remove?.textContent).toBe('✕');
    expect(remove?.getAttribute('aria-label')).toBe('Retirer «\u00a017 ans\u00a0»');
    const href = remove!.getAttribute('href')!;
    expect(new URL(href, 'http://x').searchParams.get('q')).toBe('logement');
    const without = await search(href.slice('/recherche?'.length));
    expect(without.doc.querySelector('.search-chip')).toBeNull();
    // Without the age, adults-only places come back.
    expect(without.results).toContain('Habitations communautaires Le Quai');
    expect(results).not.toContain('Habitations communautaires Le Quai');
  });
});

describe('urgency in the words', () => {
  it('« hébergement ce soir » puts the 24/7 and emergency shelters first', async () => {
    const { results, doc } = await search(q('hébergement ce soir'));
    const flagged = new Set(
      (ctx.db.$client.prepare('SELECT name FROM organisations WHERE emergency = 1').all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    expect(results.slice(0, 3).every((name) => flagged.has(name))).toBe(true);
    expect(results.slice(0, 4)).toContain("Auberge du cœur L'Embarcadère");
    expect(doc.querySelector('.search-chip')?.textContent).toContain('urgence ou 24/7');
  });

  it('« 24/7 » alone lists the entries flagged urgence/24-7, including the one whose hours say « 24 h sur 24 »', async () => {
    const { results } = await search(q('24/7'));
    expect(results).toContain("Auberge du cœur L'Embarcadère");
    expect(results).toContain('Centre de crise Le Tournant');
    expect(results).toContain('Refuge de nuit Le Fanal');
  });

  it('« hébergement 17 ans ce soir » finds a bed for a 17-year-old first', async () => {
    const { results } = await search(q('hébergement 17 ans ce soir'));
    expect(results[0]).toBe("Auberge du cœur L'Embarcadère");
    expect(results).not.toContain('Refuge de nuit Le Fanal');
  });
});

describe('never a dead end', () => {
  it('shows the best partial matches, labelled, naming the word left out', async () => {
    const { results, relaxed, text } = await search(q('hébergement hippopotame'));
    expect(results).toEqual([]);
    expect(text).toContain('Aucun organisme ne correspond à tous les mots.');
    expect(text).toContain('sans « hippopotame »');
    // Thème matches first: the hébergement organisations before a word buried in a description.
    const themed = new Set(
      (
        ctx.db.$client
          .prepare(
            "SELECT o.name FROM organisations o JOIN organisation_themes ot ON ot.organisation_id = o.id JOIN themes t ON t.id = ot.theme_id WHERE t.slug = 'hebergement'",
          )
          .all() as { name: string }[]
      ).map((r) => r.name),
    );
    const firstUnthemed = relaxed.findIndex((name) => !themed.has(name));
    expect(relaxed.slice(0, themed.size).every((name) => themed.has(name))).toBe(true);
    expect(firstUnthemed === -1 || firstUnthemed >= themed.size).toBe(true);
  });

  it('keeps the organisation whose acronym is typed first', async () => {
    expect((await search(q('CJE'))).results[0]).toBe('Carrefour jeunesse-emploi du Fleuve');
    expect((await search(q('calacs'))).results[0]).toBe(
      "Centre d'aide et de lutte contre les agressions à caractère sexuel de la Neigette",
    );
  });
});

describe('everyday words, abbreviations and word families (seeded synonyms)', () => {
  it.each([
    ['dormir', "Auberge du cœur L'Embarcadère"],
    ['dormir', 'Refuge de nuit Le Fanal'],
    ['drogue hébergement', 'Refuge de nuit Le Fanal'],
    ['anxieux', "Le Havre, groupe d'entraide en santé mentale"],
    ['alcoolisme', 'Le Relais, entraide en toxicomanie'],
    ['vih', 'Travail de rue Le Sentier'],
    ['vih', 'Clinique jeunesse Le Phare (CLSC fictif)'],
    ['suicidaire', "Centre de prévention du suicide L'Ancrage"],
    ['itinérant', 'Refuge de nuit Le Fanal'],
    ['ITSS', 'Travail de rue Le Sentier'],
    ['TDAH', 'Centre de services scolaire des Battures (fictif) – Services éducatifs complémentaires'],
    ['TSA', "Association Horizon pour la déficience intellectuelle et l'autisme"],
    ['DI', "Association Horizon pour la déficience intellectuelle et l'autisme"],
    ['TCA', 'Le Miroir – Ressource en troubles alimentaires du Bas-Saint-Laurent'],
    ['DPJ', 'Maison de la famille Les Petits Pas'],
    ['CLSC', 'Clinique jeunesse Le Phare (CLSC fictif)'],
    ['CJE', 'Carrefour jeunesse-emploi du Fleuve'],
    ['IVAC', "Centre d'accompagnement des victimes de la Neigette"],
    ['aide sociale', "Centre d'entraide La Passerelle"],
    ['bouffe', 'Banque alimentaire La Grange de la Neigette'],
  ])('« %s » finds %s on the first screen', async (text, expected) => {
    const { results } = await search(q(text));
    expect(results.slice(0, 5)).toContain(expected);
  });

  it('« drogue hébergement » puts a bed for tonight first', async () => {
    expect((await search(q('drogue hébergement'))).results[0]).toBe('Refuge de nuit Le Fanal');
  });
});

describe('territories as a hierarchy', () => {
  const territoryOf = (name: string) =>
    (ctx.db.$client.prepare('SELECT territory FROM organisations WHERE name = ?').get(name) as { territory: string })
      .territory;

  it('« Ville de Rimouski » also keeps services covering the whole MRC or the région, not other municipalities', async () => {
    const { results } = await search('territoire=Ville+de+Rimouski&clientele=jeunes');
    const territories = new Set(results.map(territoryOf));
    expect(territories).toContain('Ville de Rimouski');
    expect(territories).toContain('MRC de Rimouski-Neigette');
    expect(territories).toContain('Bas-Saint-Laurent');
    // Le Bic is part of Rimouski: a service there serves part of the city.
    const all = await search('territoire=Ville+de+Rimouski');
    const count = Number(all.doc.querySelector('#search-count')!.textContent.match(/\d+/)![0]);
    expect(count).toBeGreaterThanOrEqual(20);
    expect((await search('territoire=Ville+de+Rimouski&page=2')).results).not.toContain(
      'Entraide bénévole du Haut-Pays',
    );
  });

  it('« Saint-Fabien » finds the services listing it among other municipalities', async () => {
    const results = [
      ...(await search('territoire=Saint-Fabien')).results,
      ...(await search('territoire=Saint-Fabien&page=2')).results,
    ];
    expect(results).toContain('Cuisines collectives La Marmite du Bic');
    expect(results).toContain('Maison des jeunes Le Repère');
    expect(results).not.toContain('Entraide bénévole du Haut-Pays');
  });

  it('offers the hierarchy in the filter, the MRC and municipalities indented under the région', async () => {
    const { doc } = await search(q('logement'));
    const options = doc.querySelectorAll('#filter-territory option').map((o) => o.textContent);
    expect(options.slice(0, 4)).toEqual([
      'Tous les territoires',
      'Bas-Saint-Laurent',
      '\u00a0\u00a0MRC de Rimouski-Neigette',
      '\u00a0\u00a0\u00a0\u00a0Ville de Rimouski',
    ]);
  });
});
