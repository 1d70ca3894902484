import { joinList, nameKey } from '../cells.js';
import { contactHeader, layoutHeader } from '../columns.js';
import { readCsv } from '../csv-read.js';
import type { ImportLimits } from '../limits.js';
import { formatThemesCell, type ThemeLookup } from '../themes-cell.js';
import { emptyTable, fileProblem, type Problem, type SourceRow, type SourceTable } from '../table.js';
import { readZip } from '../zip.js';
import { AUDIENCES, EMERGENCY_TERM, MAIN_PHONE, TOLL_FREE_PHONE } from './export-entries.js';
import { EXPORTED_RESOURCES, resource, type HsdsRow, type ResourceName } from './resources.js';

type Rows = Record<ResourceName, HsdsRow[]>;
const TOLL_FREE = /^(1\s*)?\(?8(00|33|44|55|66|77|88)/;

/** Groups rows by the value of one column. */
function groupBy(rows: readonly HsdsRow[], column: string): Map<string, HsdsRow[]> {
  const groups = new Map<string, HsdsRow[]>();
  for (const row of rows) {
    const key = row[column] ?? '';
    if (key) groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return groups;
}

/** Rows a package may hold in a table other than organizations.csv, per organisation (phones, contacts, attributes…). */
const ROWS_PER_ORGANISATION = 20;

function readTables(files: Record<string, Uint8Array>, limits: ImportLimits): { rows: Rows; problems: Problem[] } {
  const problems: Problem[] = [];
  const rows = {} as Rows;
  const byBase = new Map(Object.entries(files).map(([path, bytes]) => [path.split('/').pop()!, bytes]));
  for (const name of EXPORTED_RESOURCES) {
    const file = resource(name).path;
    const bytes = byBase.get(file);
    rows[name] = [];
    if (!bytes) continue;
    const table = readCsv(
      bytes,
      'hsds',
      name === 'organization' ? limits.maxRows : limits.maxRows * ROWS_PER_ORGANISATION,
    );
    problems.push(...table.problems.map((p) => ({ ...p, where: `${file}, ${p.where ?? 'fichier entier'}` })));
    rows[name] = table.rows.map((row) => ({ ...row.cells, __where: `${file}, ${row.where}` }));
  }
  return { rows, problems };
}

const AUDIENCE_BY_KEY = new Map(
  Object.entries(AUDIENCES).flatMap(([code, label]) => [
    [nameKey(code), code],
    [nameKey(label), code],
  ]),
);

/** Reads an HSDS 3.0 package (zip of CSV files) into rows of the import layout, ready for the same checks as a CSV. */
export function readHsdsPackage(bytes: Uint8Array, themes: ThemeLookup, limits: ImportLimits): SourceTable {
  const zip = readZip(
    bytes,
    (name) => name.endsWith('.csv') || name.endsWith('datapackage.json'),
    limits.maxInflatedBytes,
  );
  if (!zip.ok) return emptyTable('hsds', [fileProblem(zip.message)]);
  if (!Object.keys(zip.files).some((path) => path.endsWith('organizations.csv'))) {
    return emptyTable('hsds', [fileProblem('Le paquet HSDS ne contient pas de fichier organizations.csv.')]);
  }
  const { rows, problems } = readTables(zip.files, limits);
  const notices: string[] = [];
  const servicesOf = groupBy(rows.service, 'organization_id');
  const locationsOf = groupBy(rows.location, 'organization_id');
  const addressesOf = groupBy(rows.address, 'location_id');
  const accessibilityOf = groupBy(rows.accessibility, 'location_id');
  const phonesOfOrg = groupBy(rows.phone, 'organization_id');
  const phonesOfContact = groupBy(rows.phone, 'contact_id');
  const contactsOfOrg = groupBy(rows.contact, 'organization_id');
  const contactsOfService = groupBy(rows.contact, 'service_id');
  const attributesOf = groupBy(rows.attribute, 'link_id');
  const schedulesOf = groupBy(rows.schedule, 'service_id');
  const areasOf = groupBy(rows.service_area, 'service_id');
  const languagesOf = groupBy(rows.language, 'service_id');
  const terms = new Map(rows.taxonomy_term.map((t) => [t.id ?? '', t]));
  let ignoredTerms = 0;
  let extraServices = 0;

  const themeOf = (attribute: HsdsRow) => {
    const term = terms.get(attribute.taxonomy_term_id ?? '');
    const theme = term ? (themes.find(term.code ?? '') ?? themes.find(term.name ?? '')) : null;
    return theme;
  };

  const built = rows.organization.map((org): { row: SourceRow; people: number } => {
    const services = servicesOf.get(org.id ?? '') ?? [];
    if (services.length > 1) extraServices += services.length - 1;
    const service: HsdsRow = services[0] ?? {};
    const location = (locationsOf.get(org.id ?? '') ?? [])[0] ?? {};
    const address = (addressesOf.get(location.id ?? '') ?? [])[0] ?? {};
    const orgPhones = phonesOfOrg.get(org.id ?? '') ?? [];
    const tollFree =
      orgPhones.find((p) => p.description === TOLL_FREE_PHONE) ?? orgPhones.find((p) => TOLL_FREE.test(p.number ?? ''));
    const main = orgPhones.find((p) => p.description === MAIN_PHONE) ?? orgPhones.find((p) => p !== tollFree);
    const cells: Record<string, string> = {
      nom: org.name ?? '',
      sigle: org.alternate_name ?? '',
      resume: org.description ?? '',
      description: service.description ?? '',
      clientele: service.eligibility_description ?? '',
      age_min: service.minimum_age ? String(Math.trunc(Number(service.minimum_age))) : '',
      age_max: service.maximum_age ? String(Math.trunc(Number(service.maximum_age))) : '',
      territoire: (areasOf.get(service.id ?? '') ?? [])[0]?.name ?? '',
      adresse: address.address_1 ?? '',
      ville: address.city ?? '',
      code_postal: address.postal_code ?? '',
      telephone: main?.number ?? '',
      poste: main?.extension ?? '',
      sans_frais: tollFree?.number ?? '',
      courriel: org.email || service.email || '',
      site_web: org.website || service.url || '',
      heures: (schedulesOf.get(service.id ?? '') ?? [])
        .map((s) => s.description ?? '')
        .filter(Boolean)
        .join('; '),
      reference: service.application_process ?? '',
      cout: service.fees_description ?? '',
      langues: (languagesOf.get(service.id ?? '') ?? [])
        .map((l) => l.name ?? '')
        .filter(Boolean)
        .join(', '),
      accessibilite: (accessibilityOf.get(location.id ?? '') ?? [])
        .map((a) => a.description ?? '')
        .filter(Boolean)
        .join('; '),
      statut:
        service.status === 'active'
          ? 'actif'
          : service.status === 'inactive' || service.status === 'defunct'
            ? 'archivé'
            : '',
      // The day the partner last checked the service: weighed like our own verifie_le (decision 062).
      verifie_le: service.assured_date ?? '',
    };
    const linked = [...(attributesOf.get(service.id ?? '') ?? []), ...(attributesOf.get(org.id ?? '') ?? [])];
    const themeLinks: { slug: string; note: string | null }[] = [];
    const audiences: string[] = [];
    cells.urgence_24_7 = 'non';
    for (const attribute of linked) {
      const term = terms.get(attribute.taxonomy_term_id ?? '');
      const audience = term ? AUDIENCE_BY_KEY.get(nameKey(term.code ?? '')) : undefined;
      const theme = themeOf(attribute);
      if (theme) themeLinks.push({ slug: theme.slug, note: attribute.value || null });
      else if (audience && attribute.link_type === 'audience') audiences.push(audience);
      else if (term?.code === EMERGENCY_TERM.code) cells.urgence_24_7 = 'oui';
      else ignoredTerms++;
    }
    cells.themes = formatThemesCell(themeLinks);
    cells.groupes = joinList(audiences);
    const people = [
      ...new Map(
        [...(contactsOfOrg.get(org.id ?? '') ?? []), ...(contactsOfService.get(service.id ?? '') ?? [])].map((c) => [
          c.id,
          c,
        ]),
      ).values(),
    ];
    people.forEach((person, index) => {
      const phone = (phonesOfContact.get(person.id ?? '') ?? [])[0];
      const group = index + 1;
      cells[contactHeader(group, 'nom')] = person.name || person.title || '';
      cells[contactHeader(group, 'fonction')] = person.name ? (person.title ?? '') : '';
      cells[contactHeader(group, 'telephone')] = phone?.number ?? '';
      cells[contactHeader(group, 'poste')] = phone?.extension ?? '';
      cells[contactHeader(group, 'courriel')] = person.email ?? '';
      const designated = (attributesOf.get(person.id ?? '') ?? []).map(themeOf).filter((t) => t !== null);
      cells[contactHeader(group, 'themes')] = joinList(designated.map((t) => t.slug));
    });
    return { row: { where: org.__where ?? 'organizations.csv', cells, externalId: org.id }, people: people.length };
  });
  const groups = Math.max(1, ...built.map((b) => b.people));
  if (extraServices)
    notices.push(
      `${extraServices} service(s) supplémentaire(s) ignoré(s)\u00a0: le répertoire garde un service par organisme (le premier).`,
    );
  if (ignoredTerms)
    notices.push(`${ignoredTerms} classement(s) sans thème correspondant ignoré(s) (autres taxonomies).`);
  return { format: 'hsds', header: layoutHeader(groups), rows: built.map((b) => b.row), problems, notices };
}
