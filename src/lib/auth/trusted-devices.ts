import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A browser on which accounts have signed in before: its own id and those accounts, newest first. */
export interface Device {
  id: string;
  userIds: number[];
}

// A shared office PC may serve a few coordinators; older accounts drop off the list.
const MAX_ACCOUNTS = 5;
const MAX_AGE_SECONDS = 365 * 24 * 60 * 60;
const VALUE = /^([\w-]{22}):(\d{1,9}(?:,\d{1,9}){0,4})$/;

export const deviceCookieName = (secure: boolean) => (secure ? '__Host-device' : 'device');

/** The browser's device cookie, or null when it is absent, malformed or not signed by this site. */
export function readDevice(request: FastifyRequest, secure: boolean): Device | null {
  const raw = request.cookies[deviceCookieName(secure)];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  const match = unsigned.valid && unsigned.value ? VALUE.exec(unsigned.value) : null;
  if (!match) return null;
  return { id: match[1]!, userIds: match[2]!.split(',').map(Number) };
}

/** Marks this browser as one the account signed in on, so attacks from elsewhere cannot lock it out. */
export function rememberDevice(reply: FastifyReply, device: Device | null, userId: number, secure: boolean): void {
  const id = device?.id ?? crypto.randomBytes(16).toString('base64url');
  const userIds = [userId, ...(device?.userIds ?? []).filter((other) => other !== userId)].slice(0, MAX_ACCOUNTS);
  reply.setCookie(deviceCookieName(secure), `${id}:${userIds.join(',')}`, {
    signed: true,
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: MAX_AGE_SECONDS,
  });
}
