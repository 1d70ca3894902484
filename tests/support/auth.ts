import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/client.js';
import type { Role, User } from '../../src/db/schema.js';
import { hashPassword } from '../../src/lib/auth/passwords.js';
import { insertUser } from '../../src/queries/users.js';
import { buildTestApp, type TestContext } from './app.js';
import { parseHtml } from './html.js';

export const TEST_PASSWORD = 'une phrase de passe solide';
// Tests hash with a cheap scrypt cost; verification reads the cost from the stored hash.
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

let sequence = 0;
export async function createUser(
  db: Db,
  overrides: Partial<{ email: string; name: string; role: Role; password: string }> = {},
): Promise<User> {
  const n = ++sequence;
  return insertUser(db, {
    email: overrides.email ?? `personne${n}@cosmoss.example.org`,
    name: overrides.name ?? `Personne ${n}`,
    role: overrides.role ?? 'editeur',
    passwordHash: await hashPassword(overrides.password ?? TEST_PASSWORD, CHEAP),
  });
}

/** Where a request comes from: the socket's address, and headers a proxy would add. */
export interface Origin {
  remoteAddress?: string;
  headers?: Record<string, string>;
}

/** A browser-like client: keeps cookies, reads the CSRF token from the last HTML page. */
export class Client {
  cookies = new Map<string, string>();
  csrf = '';

  constructor(
    private readonly app: FastifyInstance,
    public origin: Origin = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private remember(response: Awaited<ReturnType<FastifyInstance['inject']>>): void {
    for (const cookie of response.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() < Date.now());
      if (expired || cookie.value === '') this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const type = String(response.headers['content-type'] ?? '');
    if (type.startsWith('text/html')) {
      const token = parseHtml(response.body).querySelector('input[name="_csrf"]')?.getAttribute('value');
      if (token) this.csrf = token;
    }
  }

  async get(url: string) {
    const response = await this.app.inject({
      method: 'GET',
      url,
      remoteAddress: this.origin.remoteAddress,
      headers: { ...this.origin.headers, cookie: this.cookieHeader() },
    });
    this.remember(response);
    return response;
  }

  /** Posts a urlencoded form with the current CSRF token (unless `_csrf` is given). */
  async post(url: string, form: Record<string, string | string[]> = {}) {
    const body = new URLSearchParams();
    if (!('_csrf' in form)) body.append('_csrf', this.csrf);
    for (const [key, value] of Object.entries(form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      remoteAddress: this.origin.remoteAddress,
      headers: {
        ...this.origin.headers,
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: body.toString(),
    });
    this.remember(response);
    return response;
  }
}

/** Signs a user in through the real login form and returns the client holding the session. */
export async function loginAs(
  app: FastifyInstance,
  user: User,
  password = TEST_PASSWORD,
  origin: Origin = {},
): Promise<Client> {
  const client = new Client(app, origin);
  await client.get('/connexion');
  const response = await client.post('/connexion', { email: user.email, password });
  if (response.statusCode !== 303) throw new Error(`login failed: ${response.statusCode}`);
  await client.get('/admin');
  return client;
}

/** A fresh test app with one account signed in: the setup most admin tests start from. */
export async function signedInTestApp(
  user: Parameters<typeof createUser>[1] = {},
  overrides: Parameters<typeof buildTestApp>[0] = {},
): Promise<{ ctx: TestContext; user: User; client: Client }> {
  const ctx = await buildTestApp(overrides);
  const created = await createUser(ctx.db, user);
  return { ctx, user: created, client: await loginAs(ctx.app, created) };
}
