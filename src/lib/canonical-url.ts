/** The query parameters each cached public page reads; any other one only multiplies cache entries. */
export const PAGE_PARAMETERS: Record<string, readonly string[]> = {
  '/': [],
  '/themes/:slug': [],
  '/themes/:slug/:page': [],
  '/organismes': ['theme'],
  '/organismes/lettre/:lettre': ['theme'],
  '/organismes/lettre/:lettre/:page': ['theme'],
  '/organismes/:slug': [],
  '/arbre': ['format', 'orientation', 'territoire', 'themes'],
};

/**
 * The one URL of a cached page: its route filled with its (encoded) parameters, then only the query
 * parameters the page reads, in a fixed order (decision 097; an empty value is a form's « Tous », kept). Returns null for
 * routes that are not cached pages.
 */
export function canonicalPageUrl(
  route: string | undefined,
  params: Record<string, string | undefined>,
  query: Record<string, unknown>,
): string | null {
  const known = route === undefined ? undefined : PAGE_PARAMETERS[route];
  if (!known) return null;
  const path = route!.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams();
  for (const name of known) {
    const raw = query[name];
    for (const value of Array.isArray(raw) ? raw : [raw]) {
      if (typeof value === 'string') search.append(name, value);
    }
  }
  // Commas stay readable, as in the Arbre's own links (themes=a,b).
  const text = search.toString().replace(/%2C/gi, ',');
  return text ? `${path}?${text}` : path;
}
