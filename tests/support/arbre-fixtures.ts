import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../src/db/client.js';
import type { Theme } from '../../src/db/schema.js';
import { insertContact, insertOrganisation, linkOrganisationToTheme } from '../../src/queries/organisation-writes.js';
import { insertTheme } from '../../src/queries/themes.js';
import { seedsDir } from '../../src/lib/paths.js';

/** Small deterministic generator (mulberry32), so a fixture is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS = [
  'Maison des jeunes',
  'Centre d’entraide',
  'Carrefour',
  'Association',
  'Service de réadaptation',
  'Centre de femmes',
  'Maison de la famille',
  'Centre d’action bénévole',
  'Groupe de soutien',
  'Ressource alternative',
  'Coopérative de solidarité',
  'Centre d’aide et de lutte contre les agressions à caractère sexuel',
  'Organisme de justice alternative',
  'Clinique jeunesse',
];
const NAMES = [
  'Le Tremplin',
  'La Passerelle',
  'L’Escale du Fleuve',
  'Le Phare',
  'La Traversée',
  'Les Grands Vents',
  'Le Quai',
  'La Vigie',
  'Le Sentier',
  'L’Ancrage',
  'Arc-en-Fleuve',
  'Le Havre',
  'La Marmite',
  'Le Fanal',
  'Les Lucioles',
  'Horizon',
  'Le Relais',
];
const PLACES = [
  '',
  '',
  ' de la Neigette',
  ' du Bic',
  ' de Rimouski',
  ' du Bas-Saint-Laurent',
  ' des Trois-Villages',
  ' du Haut-Pays (fictif)',
];
const FIRST = [
  'Jessica',
  'Antoine',
  'Marie-Ève',
  'Éric',
  'Geneviève',
  'Jean-François',
  'Sophie',
  'Mathieu',
  'Nadia',
  'Louis-Philippe',
  'Chloé',
  'Hélène',
];
const LAST = [
  'Bérubé',
  'Lepage',
  'Gagnon',
  'Côté',
  'Pelletier',
  'Ouellet',
  'Saint-Pierre',
  'Tremblay',
  'D’Amours',
  'Lévesque',
  'Proulx',
  'Gosselin-Caron',
];
const ROLES = [
  'Coordonnatrice',
  'Intervenant jeunesse',
  'Travailleuse sociale',
  'Directeur général',
  'Agente de liaison',
  'Conseillère en emploi',
  'Intervenante de milieu',
  'Responsable de l’accueil',
];
const SHORT_ROLES = ['Intervenante', 'Coordonnateur', 'Accueil', 'Directrice', 'Travailleur social', 'Agente'];
// The official thèmes' names, in their order, as the seed loads them.
const OFFICIAL_THEMES: string[] = (
  JSON.parse(fs.readFileSync(path.join(seedsDir, 'themes.json'), 'utf8')) as { name: string }[]
).map((theme) => theme.name);
const NOTES = [
  '12-17 ans',
  'Prévention seulement',
  'Sur rendez-vous',
  '18-30 ans, sans référence',
  'Urgence 24/7',
  'Femmes seulement',
];

export interface ArbreFixtureOptions {
  themes: number;
  entries: number;
  seed?: number;
  /** Share of organisations whose entries note a precision (default 0.3). */
  noteRate?: number;
  /**
   * "full" (default): like the demo data, fonction, extensions and notes included.
   * "short": TECH-NOTES' capacity profile, a 30-45-character name, a phone and a contact name only.
   * "realistic": issue 13's profile: the 15 official thèmes, names of 30-50 characters, a contact name and a
   * short fonction, a direct line with its poste; each organisation under one to three thèmes with the same person.
   */
  profile?: 'full' | 'short' | 'realistic';
}

export interface ArbreFixture {
  themes: Theme[];
  /** Names of the active organisations, each listed under at least one thème. */
  organisationNames: string[];
}

/**
 * A directory shaped like the real one: organisation names of 15 to 90 characters (acronyms on some),
 * phones with and without extensions, a personne-ressource with a fonction, notes on some links.
 * Each organisation is listed under one to three thèmes until `entries` links exist.
 */
export function seedArbreFixture(db: Db, options: ArbreFixtureOptions): ArbreFixture {
  const rand = random(options.seed ?? 42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const themes: Theme[] = [];
  const realistic = options.profile === 'realistic';
  for (let i = 0; i < options.themes; i++) {
    themes.push(
      insertTheme(db, {
        name:
          (realistic ? OFFICIAL_THEMES[i] : undefined) ??
          `Thème fixture ${i + 1} ${pick(['santé', 'emploi', 'hébergement', 'famille', 'dépendances'])}`,
        color: '#1E5A44',
        position: i + 1,
        description: '',
        keywords: '',
      }),
    );
  }
  const organisationNames: string[] = [];
  let links = 0;
  let n = 0;
  const short = options.profile === 'short';
  while (links < options.entries) {
    n++;
    let name = `${pick(KINDS)} ${pick(NAMES)}${pick(PLACES)}`.replace(/\s+/g, ' ');
    while (short && (name.length < 26 || name.length > 41))
      name = `${pick(KINDS)} ${pick(NAMES)}${pick(PLACES)}`.replace(/\s+/g, ' ');
    // With the number appended below, 30-50 characters.
    while (realistic && (name.length < 26 || name.length > 46))
      name = `${pick(KINDS)} ${pick(NAMES)}${pick(PLACES)}`.replace(/\s+/g, ' ');
    const organisation = insertOrganisation(db, {
      name: `${name} ${n}`,
      acronym: !short && rand() < 0.25 ? pick(['CJE', 'CALACS', 'OJA', 'CAB', 'SIT', 'AFMRN']) : null,
      phone: `418 555-01${String(n % 100).padStart(2, '0')}`,
      phoneExtension: !short && rand() < 0.1 ? String(100 + n) : null,
      verifiedAt: rand() < 0.15 ? '2020-01-01T00:00:00.000Z' : db.clock().toISOString(),
    });
    const person = insertContact(db, {
      organisationId: organisation.id,
      name: `${pick(FIRST)} ${pick(LAST)}`,
      role: short ? '' : realistic ? pick(SHORT_ROLES) : pick(ROLES),
      phone: realistic
        ? rand() < 0.3
          ? `418 555-02${String(n % 100).padStart(2, '0')}`
          : organisation.phone
        : !short && rand() < 0.2
          ? `1 800 555-01${String(n % 100).padStart(2, '0')}`
          : organisation.phone,
      phoneExtension: realistic || (!short && rand() < 0.6) ? String(10 + (n % 90)) : null,
      isPrimary: true,
      verifiedAt: db.clock().toISOString(),
    });
    organisationNames.push(organisation.name);
    const count = Math.min(1 + Math.floor(rand() * 3), options.entries - links);
    const start = Math.floor(rand() * themes.length);
    for (let k = 0; k < count && k < themes.length; k++) {
      const theme = themes[(start + k) % themes.length] as Theme;
      linkOrganisationToTheme(db, {
        organisationId: organisation.id,
        themeId: theme.id,
        note: !short && !realistic && rand() < (options.noteRate ?? 0.3) ? pick(NOTES) : null,
        contactId: person.id,
      });
      links++;
    }
  }
  return { themes, organisationNames };
}
