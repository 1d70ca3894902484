import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../support/app.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { mainText, parseHtml } from '../support/html.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

async function search(query: string) {
  const response = await ctx.app.inject({ url: `/recherche?${query}`, headers: { accept: 'text/html' } });
  return { response, doc: parseHtml(response.body), text: mainText(response.body) };
}
/** Result titles in order. */
async function titles(q: string, extra = ''): Promise<string[]> {
  const { response, doc } = await search(`q=${encodeURIComponent(q)}${extra}`);
  expect(response.statusCode).toBe(200);
  return doc.querySelectorAll('.result-title a').map((a) => a.textContent.trim());
}

describe('GET /recherche — matching', () => {
  it('ignores case and accents, folds ligatures, splits apostrophes and hyphens', async () => {
    createOrganisation(ctx.db, { name: 'Clinique Horizon', description: 'Soutien en Santé Mentale pour tous.' });
    createOrganisation(ctx.db, { name: 'Auberge du cœur Le Quai' });
    createOrganisation(ctx.db, { name: "Centre d'entraide Phénix" });
    createOrganisation(ctx.db, { name: 'Point de service', description: 'Bureau situé à Saint-Jérôme.' });
    expect(await titles('sante mentale')).toEqual(['Clinique Horizon']);
    expect(await titles('SANTÉ MENTALE')).toEqual(['Clinique Horizon']);
    expect(await titles('coeur')).toEqual(['Auberge du cœur Le Quai']);
    expect(await titles('cœur')).toEqual(['Auberge du cœur Le Quai']);
    expect(await titles('entraide')).toEqual(["Centre d'entraide Phénix"]);
    expect(await titles('jerome')).toEqual(['Point de service']);
  });

  it('finds words by their beginning while typing, and narrows with each word', async () => {
    createOrganisation(ctx.db, { name: 'Refuge Le Fanal', description: "Hébergement d'urgence pour adultes." });
    createOrganisation(ctx.db, { name: 'Maison Nid', description: 'Hébergement pour jeunes mères.' });
    expect((await titles('héberg')).sort()).toEqual(['Maison Nid', 'Refuge Le Fanal']);
    expect((await titles('heb')).sort()).toEqual(['Maison Nid', 'Refuge Le Fanal']);
    expect(await titles('hébergement jeunes')).toEqual(['Maison Nid']);
    // « urgence » is understood as a preference for urgence/24-7 entries (issue 14), not a required word.
    expect(await titles('hébergement jeunes urgence')).toEqual(['Maison Nid']);
  });

  it('ranks name matches above description matches', async () => {
    createOrganisation(ctx.db, {
      name: 'Groupe Soleil',
      description: 'Nous aidons aussi pour le logement. Logement, logement et logement.',
    });
    createOrganisation(ctx.db, { name: 'Logement jeunesse Rimouski', description: 'Appartements supervisés.' });
    expect(await titles('logement')).toEqual(['Logement jeunesse Rimouski', 'Groupe Soleil']);
  });

  it('puts the organisation whose acronym is typed first', async () => {
    const emploi = createTheme(ctx.db, { name: 'Employabilité', keywords: 'cje\ncarrefour jeunesse-emploi' });
    for (const name of ['Emploi Plus', 'Tremplin', 'Cap Travail']) {
      linkTheme(
        ctx.db,
        createOrganisation(ctx.db, { name, description: 'Partenaire du CJE. Le CJE nous réfère. CJE.' }),
        emploi,
      );
    }
    linkTheme(
      ctx.db,
      createOrganisation(ctx.db, { name: 'Carrefour jeunesse-emploi du Fleuve', acronym: 'CJE' }),
      emploi,
    );
    createOrganisation(ctx.db, {
      name: "Centre d'aide et de lutte contre les agressions à caractère sexuel",
      acronym: 'CALACS',
    });
    createOrganisation(ctx.db, {
      name: 'Maison des femmes',
      description: 'Collabore avec le CALACS et le CALACS régional.',
    });
    expect((await titles('CJE'))[0]).toBe('Carrefour jeunesse-emploi du Fleuve');
    expect((await titles('cje')).length).toBe(4);
    expect((await titles('calacs'))[0]).toBe("Centre d'aide et de lutte contre les agressions à caractère sexuel");
  });

  it('expands the query with thème keywords: "drogue" finds Dépendances organisations', async () => {
    const theme = createTheme(ctx.db, { name: 'Dépendances', keywords: 'drogue\ntoxico\nalcool' });
    linkTheme(
      ctx.db,
      createOrganisation(ctx.db, { name: 'Le Relais', description: 'Suivi individuel et groupes.' }),
      theme,
    );
    createOrganisation(ctx.db, { name: 'Autre organisme', description: 'Sans rapport.' });
    expect(await titles('drogue')).toEqual(['Le Relais']);
    expect(await titles('toxico')).toEqual(['Le Relais']);
    expect(await titles('dependances')).toEqual(['Le Relais']);
  });

  it('finds people by name and fonction, and shows the matching personne-ressource', async () => {
    const org = createOrganisation(ctx.db, { name: 'Centre Le Tournant' });
    createContact(ctx.db, org, { name: 'Anne Tremblay', role: 'Directrice', isPrimary: true });
    createContact(ctx.db, org, {
      name: 'Éric Gosselin',
      role: 'Intervenant de crise',
      phone: '418 555-0165',
      phoneExtension: '12',
    });
    const { doc } = await search('q=gosselin');
    const person = doc.querySelector('.result-person');
    expect(person?.textContent).toContain('Éric Gosselin');
    expect(person?.textContent).toContain('Intervenant de crise');
    expect(person?.textContent).toContain('Personne-ressource correspondante');
    expect(doc.querySelector('.result-person a')?.getAttribute('href')).toBe('tel:+14185550165;ext=12');
    const byRole = await search('q=crise');
    expect(byRole.doc.querySelector('.result-person')?.textContent).toContain('Éric Gosselin');
    const other = await search('q=tournant');
    expect(other.doc.querySelector('.result-person')?.textContent).toContain('Anne Tremblay');
    expect(other.doc.querySelector('.result-person-matched')).toBeNull();
  });

  it('never shows archived organisations', async () => {
    createOrganisation(ctx.db, { name: 'Café jeunesse fermé', status: 'archived' });
    createOrganisation(ctx.db, { name: 'Café jeunesse ouvert' });
    expect(await titles('cafe jeunesse')).toEqual(['Café jeunesse ouvert']);
  });
});

describe('GET /recherche — misspellings', () => {
  beforeEach(() => {
    const theme = createTheme(ctx.db, { name: 'Dépendances', keywords: 'drogue' });
    createOrganisation(ctx.db, { name: "Maison d'hébergement La Traversée", description: 'Hébergement sécuritaire.' });
    createOrganisation(ctx.db, { name: 'Le Havre', description: 'Groupe d’entraide en santé mentale.' });
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Le Relais', description: 'Aide en dépendance.' }), theme);
  });

  it.each([
    ['hebergment', "Maison d'hébergement La Traversée", 'hébergement'],
    ['santé mentalle', 'Le Havre', 'santé mentale'],
    ['dépandance', 'Le Relais', 'dépendance'],
  ])('"%s" still finds %s and offers "%s"', async (typed, found, offered) => {
    const { doc, text } = await search(`q=${encodeURIComponent(typed)}`);
    expect(doc.querySelectorAll('.result-title a').map((a) => a.textContent)).toContain(found);
    expect(text).toContain(`Vouliez-vous dire : ${offered} ?`);
    const link = doc.querySelector('.search-did-you-mean a');
    expect(new URL(link!.getAttribute('href')!, 'http://x').searchParams.get('q')).toBe(offered);
  });
});

describe('GET /recherche — filters, count and pagination', () => {
  it('combines the query with thème, territory, clientele and age filters, reflected in the form', async () => {
    const theme = createTheme(ctx.db, { name: 'Hébergement', slug: 'hebergement' });
    const young = createOrganisation(ctx.db, {
      name: 'Logis Jeunesse',
      description: 'Logement.',
      audiences: 'jeunes',
      ageMin: 16,
      ageMax: 30,
      territory: 'Ville de Rimouski',
    });
    const adults = createOrganisation(ctx.db, {
      name: 'Logis Adultes',
      description: 'Logement.',
      audiences: 'adultes',
      ageMin: 18,
      territory: 'Bas-Saint-Laurent',
    });
    createOrganisation(ctx.db, {
      name: 'Logis Sans Thème',
      description: 'Logement.',
      audiences: 'jeunes,familles',
      territory: 'Ville de Rimouski',
    });
    linkTheme(ctx.db, young, theme);
    linkTheme(ctx.db, adults, theme);
    expect((await titles('logement')).length).toBe(3);
    expect((await titles('logement', '&theme=hebergement')).sort()).toEqual(['Logis Adultes', 'Logis Jeunesse']);
    expect((await titles('logement', '&territoire=Ville+de+Rimouski')).sort()).toEqual([
      'Logis Jeunesse',
      'Logis Sans Thème',
    ]);
    expect(await titles('logement', '&clientele=familles')).toEqual(['Logis Sans Thème']);
    expect((await titles('logement', '&age=17')).sort()).toEqual(['Logis Jeunesse', 'Logis Sans Thème']);
    expect(await titles('logement', '&theme=hebergement&age=17&territoire=Ville+de+Rimouski&clientele=jeunes')).toEqual(
      ['Logis Jeunesse'],
    );

    const { doc } = await search('q=logement&theme=hebergement&age=17&clientele=jeunes&territoire=Ville+de+Rimouski');
    expect(doc.querySelector('#q')?.getAttribute('value')).toBe('logement');
    expect(doc.querySelector('#filter-theme option[selected]')?.getAttribute('value')).toBe('hebergement');
    expect(doc.querySelector('#filter-territory option[selected]')?.getAttribute('value')).toBe('Ville de Rimouski');
    expect(doc.querySelector('#filter-audience option[selected]')?.getAttribute('value')).toBe('jeunes');
    expect(doc.querySelector('#filter-age')?.getAttribute('value')).toBe('17');
  });

  it('lists organisations by filters alone when no word is typed', async () => {
    createOrganisation(ctx.db, { name: 'B Jeunes', audiences: 'jeunes' });
    createOrganisation(ctx.db, { name: 'A Jeunes', audiences: 'jeunes' });
    createOrganisation(ctx.db, { name: 'Aînés', audiences: 'aines' });
    expect(await titles('', '&clientele=jeunes')).toEqual(['A Jeunes', 'B Jeunes']);
  });

  it('counts results and paginates 20 at a time, keeping the filters in page links', async () => {
    for (let i = 1; i <= 45; i++)
      createOrganisation(ctx.db, { name: `Ressource ${i}`, description: 'Aide alimentaire.', audiences: 'familles' });
    const first = await search('q=alimentaire&clientele=familles');
    expect(first.text).toContain('45 organismes trouvés pour « alimentaire »');
    expect(first.doc.querySelectorAll('.result')).toHaveLength(20);
    const next = first.doc.querySelector('.pagination a[rel="next"]')!.getAttribute('href')!;
    const params = new URL(next, 'http://x').searchParams;
    expect(params.get('page')).toBe('2');
    expect(params.get('clientele')).toBe('familles');
    const third = await search('q=alimentaire&clientele=familles&page=3');
    expect(third.doc.querySelectorAll('.result')).toHaveLength(5);
    expect(third.doc.querySelector('.search-results')?.getAttribute('start')).toBe('41');
    expect(third.doc.querySelector('.pagination [aria-current="page"]')?.textContent).toBe('3');
    // Past the end: the last page, not an empty one.
    const beyond = await search('q=alimentaire&clientele=familles&page=99');
    expect(beyond.doc.querySelectorAll('.result')).toHaveLength(5);
  });

  it('shows snippet with escaped text and <mark>, thème badges and the main phone', async () => {
    const theme = createTheme(ctx.db, { name: 'Santé' });
    const org = createOrganisation(ctx.db, {
      name: 'Clinique <Jeunesse>',
      description: 'Dépistage des ITSS <script>alert(1)</script> et contraception.',
      phone: '418 555-0142',
    });
    linkTheme(ctx.db, org, theme);
    const { response, doc } = await search('q=contraception');
    expect(response.body).not.toContain('<script>alert(1)</script>');
    const snippet = doc.querySelector('.result-snippet')!;
    expect(snippet.innerHTML).toContain('&lt;script&gt;');
    expect(snippet.querySelector('mark')?.textContent).toBe('contraception');
    expect(doc.querySelector('.result-title a')?.innerHTML).toBe('Clinique &lt;Jeunesse&gt;');
    expect(doc.querySelector(`.result .theme-tag.theme-${theme.id} a`)?.textContent).toBe('Santé');
    expect(doc.querySelector('.result-phone a')?.getAttribute('href')).toBe('tel:+14185550142');
  });

  it('runs the same number of queries for 3 or 60 matching organisations (no N+1)', async () => {
    const theme = createTheme(ctx.db, { name: 'Emploi' });
    const add = (n: number) => {
      for (let i = 0; i < n; i++) {
        const org = createOrganisation(ctx.db, { description: 'Recherche emploi.' });
        createContact(ctx.db, org, { isPrimary: true });
        linkTheme(ctx.db, org, theme);
      }
    };
    const count = async () => {
      await search('q=emploi'); // warms the per-version caches
      ctx.queries.length = 0;
      await search('q=emploi');
      return ctx.queries.length;
    };
    add(3);
    const few = await count();
    add(57);
    expect(await count()).toBe(few);
    // Layout (1), data-version checks for the cached thèmes, territories and dictionary (3), count, rank, rows, badges,
    // people (5), the anonymous search log (1).
    expect(few).toBeLessThanOrEqual(10);
  });
});

describe('GET /recherche — empty query, empty results, hostile input', () => {
  it('shows the form and the thèmes for an empty query, not an error', async () => {
    createTheme(ctx.db, { name: 'Hébergement' });
    for (const query of ['', 'q=', 'q=%20%20', 'q=***']) {
      const { response, doc, text } = await search(query);
      expect(response.statusCode).toBe(200);
      expect(doc.querySelector('.search-themes')?.textContent).toContain('Hébergement');
      expect(text).not.toContain('trouvé');
    }
  });

  it('says so kindly when nothing matches, with the thèmes and each word that does match', async () => {
    createTheme(ctx.db, { name: 'Hébergement' });
    createOrganisation(ctx.db, { name: 'Refuge', description: 'Logement temporaire.' });
    createOrganisation(ctx.db, { name: 'Clinique', description: 'Vaccination.' });
    const { response, doc, text } = await search('q=logement+vaccination');
    expect(response.statusCode).toBe(200);
    expect(text).toContain('Aucun organisme trouvé pour « logement vaccination »');
    expect(text).toContain('Essayez un autre mot');
    expect(doc.querySelectorAll('.search-single-words a').map((a) => a.textContent)).toEqual([
      'logement',
      'vaccination',
    ]);
    expect(doc.querySelector('.search-themes')?.textContent).toContain('Hébergement');
  });

  it('offers to drop the filters when they emptied the results', async () => {
    createOrganisation(ctx.db, { name: 'Refuge', description: 'Logement.', audiences: 'adultes' });
    const { doc } = await search('q=logement&clientele=aines');
    expect(doc.querySelector('.search-empty a')?.getAttribute('href')).toBe('/recherche?q=logement');
  });

  const hostile = [
    'aide"',
    '"',
    '""',
    "l'aide",
    '*',
    'sant*',
    '-jerome',
    '^debut',
    'col:val',
    'name:x',
    '(',
    ')',
    '(aide',
    'aide)',
    'NEAR(aide emploi)',
    'aide AND',
    'OR',
    'NOT emploi',
    'aide OR NOT',
    '{name acronym}: x',
    '+',
    '\\',
    '%',
    '\u0000',
    '😀 aide 🏠',
    'помощь',
    '援助',
    'مساعدة',
    '\uE000aide\uE001',
    'a'.repeat(10_000),
    'aide '.repeat(3000),
    '<script>alert(1)</script>',
    '&amp;',
    'é'.normalize('NFD') + 'cole',
  ];
  it.each(hostile.map((q) => [q.length > 40 ? `${q.slice(0, 20)}… (${q.length} chars)` : JSON.stringify(q), q]))(
    'answers a normal page for %s',
    async (_label, q) => {
      createOrganisation(ctx.db, { name: 'Aide Emploi', description: 'École et aide.' });
      const { response, text } = await search(`q=${encodeURIComponent(q)}`);
      expect(response.statusCode).toBe(200);
      expect(text).not.toMatch(/fts5|syntax error|sqlite/i);
      expect(response.body).not.toContain('<script>alert');
    },
  );

  it('tolerates invalid percent-encoding in the query string', async () => {
    for (const url of [
      '/recherche?q=%E0%A4%A',
      '/recherche?q=%',
      '/recherche?q=%ZZ&page=%FF',
      '/recherche?q[a]=b&theme[]=x',
    ]) {
      const response = await ctx.app.inject({ url, headers: { accept: 'text/html' } });
      expect(response.statusCode).toBe(200);
    }
  });

  it('answers 400, not 500, for a malformed path', async () => {
    const response = await ctx.app.inject({ url: '/recherche%ZZ?q=aide', headers: { accept: 'text/html' } });
    expect(response.statusCode).toBe(400);
  });

  it('answers the French 400 page (HTML) for a malformed path', async () => {
    const response = await ctx.app.inject({ url: '/recherche%ZZ' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(mainText(response.body)).toContain('Requête invalide');
  });

  it('never fails on random input (property-based)', async () => {
    createOrganisation(ctx.db, { name: 'Aide Emploi', description: 'École et aide.' });
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.string({ maxLength: 30 }),
        async (q, theme) => {
          const url = `/recherche?q=${encodeURIComponent(q)}&theme=${encodeURIComponent(theme)}&age=${encodeURIComponent(theme)}`;
          const response = await ctx.app.inject({ url, headers: { accept: 'text/html' } });
          expect(response.statusCode).toBe(200);
          expect(response.body).not.toMatch(/fts5|syntax error/i);
          const suggestions = await ctx.app.inject({ url: `/recherche/suggestions?q=${encodeURIComponent(q)}` });
          expect(suggestions.statusCode).toBe(200);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('GET /recherche/suggestions', () => {
  it('suggests thèmes and organisations while typing, as JSON', async () => {
    createTheme(ctx.db, { name: 'Hébergement', slug: 'hebergement', keywords: 'logement' });
    const org = createOrganisation(ctx.db, { name: "Maison d'hébergement La Traversée" });
    createOrganisation(ctx.db, { name: 'Autre', description: 'Hébergement.' });
    const response = await ctx.app.inject({ url: '/recherche/suggestions?q=heb' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toEqual({
      query: 'heb',
      suggestions: [
        { kind: 'theme', label: 'Hébergement', url: '/themes/hebergement' },
        { kind: 'organisation', label: "Maison d'hébergement La Traversée", url: `/organismes/${org.slug}` },
      ],
    });
    const byKeyword = await ctx.app.inject({ url: '/recherche/suggestions?q=loge' });
    expect(byKeyword.json().suggestions[0]).toMatchObject({ kind: 'theme', label: 'Hébergement' });
  });

  it('answers the same prefix from memory until the directory changes', async () => {
    createOrganisation(ctx.db, { name: 'Refuge du fleuve' });
    const ask = async () =>
      (await ctx.app.inject({ url: '/recherche/suggestions?q=refu' }))
        .json()
        .suggestions.map((suggestion: { label: string }) => suggestion.label);
    expect(await ask()).toEqual(['Refuge du fleuve']);
    ctx.queries.length = 0;
    expect(await ask()).toEqual(['Refuge du fleuve']);
    expect(ctx.queries.filter((sql) => sql.includes('organisations_fts'))).toEqual([]);
    createOrganisation(ctx.db, { name: 'Refuge de la baie' });
    expect((await ask()).sort()).toEqual(['Refuge de la baie', 'Refuge du fleuve']);
  });

  it('offers a corrected search for a misspelt word, and nothing for too little', async () => {
    createOrganisation(ctx.db, { name: 'Refuge', description: 'Hébergement temporaire.' });
    const corrected = await ctx.app.inject({ url: '/recherche/suggestions?q=hebergment' });
    expect(corrected.json().suggestions).toEqual([
      { kind: 'search', label: 'hébergement', url: '/recherche?q=h%C3%A9bergement' },
    ]);
    expect((await ctx.app.inject({ url: '/recherche/suggestions?q=h' })).json().suggestions).toEqual([]);
    expect((await ctx.app.inject({ url: '/recherche/suggestions' })).json().suggestions).toEqual([]);
  });
});
