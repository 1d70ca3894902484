/**
 * What open data (CSV, HSDS, API) may say about an organisation's people (decision 073): only those who
 * consented; a link designating anyone else keeps the link and loses the person.
 */
export function withConsentingPeople<
  C extends { id: number; openDataConsentAt: string | null },
  L extends { contactId: number | null },
>(contacts: readonly C[], links: readonly L[]): { contacts: C[]; links: L[] } {
  const people = contacts.filter((c) => c.openDataConsentAt !== null);
  const published = new Set(people.map((c) => c.id));
  return {
    contacts: people,
    links: links.map((link) =>
      link.contactId === null || published.has(link.contactId) ? link : { ...link, contactId: null },
    ),
  };
}
