import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toEqual({
      env: 'development',
      port: 3000,
      host: '127.0.0.1',
      databasePath: './data/repertoire.db',
      seed: 'demo',
      siteName: 'COSMOSS Rimouski-Neigette',
      publicUrl: undefined,
      logLevel: 'info',
      sessionSecret: undefined,
      trustProxyHops: 0,
      backupDir: 'data/backups',
      backupRetention: 14,
      mail: undefined,
      coordinationEmail: undefined,
      chromiumPath: '/usr/bin/chromium',
    });
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATABASE_PATH: ':memory:',
      SEED: 'themes',
      SITE_NAME: 'COSMOSS La Mitis',
      PUBLIC_URL: 'https://repertoire.example.org/',
      NODE_ENV: 'production',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      databasePath: ':memory:',
      seed: 'themes',
      siteName: 'COSMOSS La Mitis',
      publicUrl: 'https://repertoire.example.org',
      env: 'production',
    });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ SEED: 'everything' }, 'SEED'],
    [{ PUBLIC_URL: 'ftp://example.org' }, 'PUBLIC_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
    [{ BACKUP_RETENTION: '-1' }, 'BACKUP_RETENTION'],
    [{ TRUST_PROXY_HOPS: 'true' }, 'TRUST_PROXY_HOPS'],
    [{ TRUST_PROXY_HOPS: '-1' }, 'TRUST_PROXY_HOPS'],
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}=`));
  });

  it('names a bad SESSION_SECRET and its rule, never its value', () => {
    const secret = 'trop-court-mais-secret';
    let message = '';
    try {
      loadConfig({ SESSION_SECRET: secret });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SESSION_SECRET');
    expect(message).toContain('at least 32 characters');
    expect(message).not.toContain(secret);
    expect(message).not.toContain('trop-court');
  });

  it('trusts one proxy hop when PUBLIC_URL is set, none otherwise, or the number given', () => {
    expect(loadConfig({}).trustProxyHops).toBe(0);
    expect(loadConfig({ PUBLIC_URL: 'https://repertoire.example.org' }).trustProxyHops).toBe(1);
    expect(loadConfig({ PUBLIC_URL: 'https://repertoire.example.org', TRUST_PROXY_HOPS: '2' }).trustProxyHops).toBe(2);
    expect(loadConfig({ PUBLIC_URL: 'https://repertoire.example.org', TRUST_PROXY_HOPS: '0' }).trustProxyHops).toBe(0);
  });

  it('reads the mail settings, and hides the SMTP URL (it holds a password) in errors', () => {
    expect(loadConfig({}).mail).toBeUndefined();
    const config = loadConfig({
      SMTP_URL: 'smtp://user:secret@mail.example.org:587',
      MAIL_FROM: 'repertoire@example.org',
      COORDINATION_EMAIL: 'coordination@example.org',
    });
    expect(config.mail).toEqual({ smtpUrl: 'smtp://user:secret@mail.example.org:587', from: 'repertoire@example.org' });
    expect(config.coordinationEmail).toBe('coordination@example.org');
    expect(() => loadConfig({ SMTP_URL: 'smtp://mail.example.org' })).toThrow(/MAIL_FROM/);
    let message = '';
    try {
      loadConfig({ SMTP_URL: 'http://user:hunter2@mail.example.org', MAIL_FROM: 'a@example.org' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('SMTP_URL=(value hidden)');
    expect(message).not.toContain('hunter2');
  });
});
