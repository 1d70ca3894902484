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
      backupDir: 'data/backups',
      backupRetention: 14,
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
  ])('refuses %j with a message naming %s', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`${name}=`));
  });
});
