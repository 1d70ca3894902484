import type { ImportPreview } from './import-file.js';
import type { ImportPlan } from './plan.js';
import { verificationSentence, verificationSummary } from './verification.js';

/** Web uploads stop here; bigger files go through the command line. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-CA')} ${n > 1 ? many : one}`;

/** "Importation terminée : 2 organismes créés, 1 modifié, 40 inchangés." */
export function summaryMessage(counts: ImportPlan['counts'], done = true): string {
  const parts = [
    plural(counts.create, 'organisme créé', 'organismes créés'),
    plural(counts.update, 'modifié', 'modifiés'),
    plural(counts.unchanged, 'inchangé', 'inchangés'),
  ];
  return `${done ? 'Importation terminée' : 'Aperçu (rien n’est écrit)'}\u00a0: ${parts.join(', ')}.`;
}

/** "ligne 4, colonne nom"; in an HSDS package, "services.csv, ligne 3, champ name". */
export const problemLocation = (p: { where: string | null; column: string | null }, hsds = false) =>
  [p.where, p.column ? `${hsds ? 'champ' : 'colonne'} ${p.column}` : null].filter(Boolean).join(', ') || 'fichier';

/** The plain-text report the CLI prints: problems, or what would change. */
export function textReport(preview: ImportPreview, applied: boolean, now: Date, limit = 200): string {
  const lines: string[] = [];
  for (const notice of preview.notices) lines.push(`Note : ${notice}`);
  if (preview.hsds) {
    lines.push(`Paquet ${preview.hsds.version} :`);
    for (const file of preview.hsds.files) {
      const total = (outcome: string) =>
        file.lines.filter((l) => l.outcome === outcome).reduce((sum, l) => sum + l.count, 0);
      lines.push(
        `  ${file.file} : ${total('imported')} importées, ${total('transformed')} transformées, ${total('dropped')} laissées de côté`,
      );
    }
    for (const flag of preview.hsds.flags.slice(0, limit))
      lines.push(`  À vérifier : ${flag.where}, champ ${flag.column} : ${flag.message}`);
    for (const term of preview.hsds.unmappedTerms.slice(0, limit))
      lines.push(
        `  Terme sans thème : ${term.term} (${term.taxonomy || 'sans taxonomie'}), ${term.count} classement(s)`,
      );
  }
  if (!preview.plan) {
    lines.push(`${plural(preview.problems.length, 'problème', 'problèmes')} : rien n’a été importé.`);
    for (const problem of preview.problems.slice(0, limit))
      lines.push(`  ${problemLocation(problem, preview.format === 'hsds')} : ${problem.message}`);
    if (preview.problems.length > limit) lines.push(`  … et ${preview.problems.length - limit} autres.`);
    return lines.join('\n');
  }
  const changed = preview.plan.items.filter((item) => item.action !== 'unchanged');
  for (const item of changed.slice(0, limit)) {
    if (item.action === 'create') lines.push(`+ ${item.entry.fields.name} (${item.entry.where})`);
    if (item.action === 'update') {
      lines.push(`~ ${item.entry.fields.name} (${item.entry.where})`);
      for (const change of item.changes) lines.push(`    ${change.label} : «${change.before}» → «${change.after}»`);
    }
  }
  if (changed.length > limit) lines.push(`… et ${changed.length - limit} autres organismes.`);
  lines.push(summaryMessage(preview.plan.counts, applied));
  lines.push(verificationSentence(verificationSummary(preview.plan.items, now).counts));
  return lines.join('\n');
}
