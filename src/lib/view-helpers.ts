import { formatLongDate, isoDate, isStale } from './dates.js';
import { formatPhone, formatPhoneWithExtension, telHref } from './phone.js';

const AUDIENCE_LABELS: Record<string, string> = {
  jeunes: 'Jeunes',
  adultes: 'Adultes',
  familles: 'Familles',
  aines: 'Aînés',
};

/** "12 à 17 ans", "16 ans et plus", "Jusqu'à 30 ans", or null when no age range is set. */
export function ageLabel(ageMin: number | null, ageMax: number | null): string | null {
  if (ageMin !== null && ageMax !== null) return `${ageMin} à ${ageMax} ans`;
  if (ageMin !== null) return `${ageMin} ans et plus`;
  if (ageMax !== null) return `Jusqu’à ${ageMax} ans`;
  return null;
}

export function audienceLabels(audiences: string): string[] {
  return audiences
    .split(',')
    .map((code) => AUDIENCE_LABELS[code.trim()])
    .filter((label): label is string => label !== undefined);
}

/** "https://www.example.org/" → "www.example.org": links read better without the scheme. */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '').replace(/\/$/, '');
}

/** Only http(s) links reach an href: a stored "javascript:" URL must never become clickable. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** Splits free text into paragraphs on blank lines. */
export function paragraphs(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** First letter for the A–Z index, accents folded: "École" → "E"; digits and symbols → "#". */
export function indexLetter(name: string): string {
  const first = name.normalize('NFD').replace(/\p{M}/gu, '').charAt(0).toUpperCase();
  return /[A-Z]/.test(first) ? first : '#';
}

const ACTIONS: Record<string, string> = {
  create: 'création',
  update: 'modification',
  archive: 'archivage',
  restore: 'réactivation',
  delete: 'suppression',
  verify: 'vérification',
  verify_partner: 'vérification par l’organisme (tournée)',
  revert: 'retour à une version antérieure',
  move: 'déplacement',
  import: 'importation',
};
const ENTITIES: Record<string, string> = {
  organisation: 'de l’organisme',
  contact: 'de la personne',
  theme: 'du thème',
};

/** "modification de l’organisme", "vérification de la personne"… */
export function revisionActionLabel(action: string, entityType: string): string {
  return `${ACTIONS[action] ?? action} ${ENTITIES[entityType] ?? ''}`.trim();
}

/**
 * A thème in a few plain words for its home-page card (« Judiciarisation » → « Démêlés avec la justice »): the
 * description's lead before its colon, or its first two items; the whole thème page says the rest.
 */
export function themeHint(description: string): string {
  const text = description.trim().replace(/\s+/g, ' ');
  const lead = text.split(/\s*:\s*/)[0]!;
  if (text.includes(':') && lead.length <= 60) return lead;
  const items = text.split(/\s*,\s*/);
  const hint = items.slice(0, 2).join(', ').replace(/[.;]$/, '');
  return hint.length <= 70 ? hint : `${hint.slice(0, 67).replace(/\s+\S*$/, '')}…`;
}

export const viewHelpers = {
  ageLabel,
  audienceLabels,
  displayUrl,
  formatLongDate,
  formatPhone,
  formatPhoneWithExtension,
  indexLetter,
  isoDate,
  paragraphs,
  revisionActionLabel,
  safeUrl,
  telHref,
  themeHint,
};

/** The helpers with "older than twelve months" measured from `now`, the request's time on the app's clock. */
export function viewHelpersAt(now: Date) {
  return { ...viewHelpers, isStale: (verifiedAt: string | null | undefined) => isStale(verifiedAt, now) };
}
export type ViewHelpers = ReturnType<typeof viewHelpersAt>;
