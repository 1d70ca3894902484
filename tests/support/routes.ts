import type { FastifyInstance } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
}

/**
 * Every method + URL pattern the app answers, read from `printRoutes` (Fastify has no route list API
 * after `ready()`), e.g. { method: 'POST', url: '/admin/themes/:id/supprimer' }.
 */
export function listRoutes(app: FastifyInstance): RouteEntry[] {
  const paths: string[] = [];
  const routes: RouteEntry[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^(.*?)[└├]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const segment = match[2]!;
    const parent = depth === 0 ? '' : paths[depth - 1]!;
    const path = segment.startsWith('/') || parent.endsWith('/') ? parent + segment : `${parent}/${segment}`;
    paths[depth] = path;
    for (const method of match[3]?.split(', ') ?? []) routes.push({ method, url: path });
  }
  return routes;
}
