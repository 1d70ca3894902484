import path from 'node:path';
import { z } from 'zod';

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_PATH: z.string().min(1).default('./data/repertoire.db'),
  SEED: z.enum(['demo', 'themes', 'none']).default('demo'),
  SITE_NAME: z.string().trim().min(1).max(120).default('COSMOSS Rimouski-Neigette'),
  PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  BACKUP_DIR: z.string().min(1).optional(),
  BACKUP_RETENTION: z.coerce.number().int().min(0).max(3650).default(14),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  TRUST_PROXY_HOPS: z.coerce.number().int('must be a whole number of proxies').min(0).max(10).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z
    .url({ protocol: /^smtps?$/, error: 'must look like smtp://user:password@host:587 or smtps://…' })
    .optional(),
  MAIL_FROM: z.email('must be an e-mail address').optional(),
  COORDINATION_EMAIL: z.email('must be an e-mail address').optional(),
  CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),
});

export type EnvConfig = z.infer<typeof configSchema>;

export interface AppConfig {
  env: EnvConfig['NODE_ENV'];
  port: number;
  host: string;
  databasePath: string;
  seed: EnvConfig['SEED'];
  siteName: string;
  publicUrl: string | undefined;
  logLevel: EnvConfig['LOG_LEVEL'];
  /** Daily backups go here; defaults to a "backups" folder beside the database. */
  backupDir: string;
  /** How many daily backups to keep; 0 turns daily backups off. */
  backupRetention: number;
  /** Signs session cookies; generated once and kept in the database when not set. */
  sessionSecret: string | undefined;
  /** How many proxies in front of the app append to X-Forwarded-For; only their entries are believed. */
  trustProxyHops: number;
  /** Outgoing mail; when unset nothing is sent and the pages say links go out by hand (decision 092). */
  mail: { smtpUrl: string; from: string } | undefined;
  /** The footer's « Écrivez à la coordination » address, and the reply-to of messages sent. */
  coordinationEmail: string | undefined;
  /** The Chromium that prints the Répertoire as PDF (decision 102); when missing, only the HTML print exists. */
  chromiumPath: string;
}

// Never echoed in an error message: the message goes to logs and terminals.
const SECRET_VARIABLES = new Set(['SESSION_SECRET', 'SMTP_URL']);

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once; the message names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const relevant = Object.fromEntries(
    Object.keys(configSchema.shape)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  );
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = issue.path.join('.') || '(environment)';
      const shown = SECRET_VARIABLES.has(name) ? '(value hidden)' : JSON.stringify(env[name] ?? '');
      return `  ${name}=${shown}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.SMTP_URL && !(c.MAIL_FROM ?? c.COORDINATION_EMAIL)) {
    throw new ConfigError(
      'Invalid configuration:\n  MAIL_FROM: required when SMTP_URL is set (or set COORDINATION_EMAIL)',
    );
  }
  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databasePath: c.DATABASE_PATH,
    seed: c.SEED,
    siteName: c.SITE_NAME,
    publicUrl: c.PUBLIC_URL,
    logLevel: c.LOG_LEVEL,
    sessionSecret: c.SESSION_SECRET,
    // Behind the proxy that PUBLIC_URL implies, believe its one entry; never the client's own.
    trustProxyHops: c.TRUST_PROXY_HOPS ?? (c.PUBLIC_URL ? 1 : 0),
    backupDir: c.BACKUP_DIR ?? path.join(path.dirname(c.DATABASE_PATH), 'backups'),
    backupRetention: c.BACKUP_RETENTION,
    mail: c.SMTP_URL ? { smtpUrl: c.SMTP_URL, from: (c.MAIL_FROM ?? c.COORDINATION_EMAIL)! } : undefined,
    coordinationEmail: c.COORDINATION_EMAIL,
    chromiumPath: c.CHROMIUM_PATH,
  };
}

/** Defaults for tests and scripts: in-memory database, no seed, quiet logs. */
export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    env: 'test',
    port: 0,
    host: '127.0.0.1',
    databasePath: ':memory:',
    seed: 'none',
    siteName: 'COSMOSS Rimouski-Neigette',
    publicUrl: undefined,
    logLevel: 'silent',
    sessionSecret: undefined,
    trustProxyHops: 0,
    backupDir: 'backups',
    backupRetention: 0,
    mail: undefined,
    coordinationEmail: undefined,
    // Tests of other pages never launch a browser; the PDF's own tests give CHROMIUM_PATH.
    chromiumPath: '/nonexistent/chromium',
    ...overrides,
  };
}
