import type { FastifyReply, FastifyRequest } from 'fastify';

/** Refuses an editor on pages reserved to administrators; returns true when the request may go on. */
export async function requireAdmin(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
  if (request.user?.role === 'admin') return true;
  reply.code(403);
  await reply.view('errors/403', { title: 'Accès refusé' });
  return false;
}
