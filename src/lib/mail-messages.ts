/** French e-mails of the application: plain text and HTML, no images, no tracking (issue 12). */

export interface Message {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Paragraphs of text become the plain part and the HTML part; URLs become links in HTML. */
function compose(subject: string, paragraphs: string[]): Message {
  const html = paragraphs
    .map((p) => `<p>${escapeHtml(p).replace(/https?:\/\/\S+/g, (url) => `<a href="${url}">${url}</a>`)}</p>`)
    .join('\n');
  return {
    subject,
    text: `${paragraphs.join('\n\n')}\n`,
    html: `<!doctype html>\n<html lang="fr-CA"><meta charset="utf-8"><title>${escapeHtml(subject)}</title>\n<body>\n${html}\n</body></html>\n`,
  };
}

const signature = (siteName: string, replyTo: string | undefined) =>
  `La coordination de ${siteName}${replyTo ? ` — pour nous répondre\u00a0: ${replyTo}` : ''}`;

export function correctionHandledMessage(input: {
  siteName: string;
  organisationName: string;
  outcome: 'applied' | 'rejected';
  reason?: string | null;
  replyTo?: string;
}): Message {
  const body =
    input.outcome === 'applied'
      ? `La fiche de ${input.organisationName} a été corrigée dans le Répertoire des ressources grâce à votre signalement. Merci\u00a0!`
      : `Nous avons examiné votre signalement sur la fiche de ${input.organisationName} et nous ne l’avons pas appliqué${input.reason ? `\u00a0: ${input.reason}` : '.'}`;
  return compose(`Votre signalement\u00a0: ${input.organisationName}`, [
    'Bonjour,',
    body,
    signature(input.siteName, input.replyTo),
  ]);
}

export function verificationRequestMessage(input: {
  siteName: string;
  organisationName: string;
  link: string;
  expiresOn: string;
  reminder: boolean;
  replyTo?: string;
}): Message {
  return compose(`${input.reminder ? 'Rappel — ' : ''}Vérification de votre fiche\u00a0: ${input.organisationName}`, [
    'Bonjour,',
    `${input.reminder ? 'Nous vous avons écrit récemment. ' : ''}Chaque année, la coordination de ${input.siteName} demande aux organismes partenaires de confirmer leur fiche dans le Répertoire des ressources, que les intervenants consultent pour diriger les personnes vers vous.`,
    `Ouvrez ce lien personnel pour voir la fiche de ${input.organisationName} et ses personnes-ressources, puis cliquez sur «\u00a0Tout est exact\u00a0» ou proposez des changements (aucun compte n’est nécessaire)\u00a0:`,
    input.link,
    `Le lien est valable jusqu’au ${input.expiresOn}. Ne le transférez qu’à une personne de votre organisme.`,
    signature(input.siteName, input.replyTo),
  ]);
}
