import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { verifyPassword } from '../../src/lib/auth/passwords.js';
import { findUserByEmail } from '../../src/queries/users.js';

let dir: string;
let databasePath: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'repertoire-cli-'));
  databasePath = path.join(dir, 'test.db');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], stdin: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/index.ts', ...args], {
    input: stdin,
    env: { ...process.env, DATABASE_PATH: databasePath, SEED: 'none', LOG_LEVEL: 'silent' },
    encoding: 'utf8',
  });
  return { status: result.status, out: result.stdout + result.stderr };
}

const userIn = (email: string) => {
  const db = openDatabase(databasePath);
  try {
    return findUserByEmail(db, email);
  } finally {
    db.$client.close();
  }
};

describe('npm run cli -- user:*', () => {
  it('creates the first administrator, reading the password from standard input', async () => {
    const result = cli(
      ['user:add', '--email', 'Coord@Cosmoss.example.org', '--name', 'Marie Côté', '--role', 'admin'],
      'tuque bleue de 2026\n',
    );
    expect(result.out).toContain('Compte créé : Marie Côté <coord@cosmoss.example.org> (admin).');
    expect(result.status).toBe(0);
    const user = userIn('coord@cosmoss.example.org');
    expect(user?.role).toBe('admin');
    expect(user?.passwordHash).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await verifyPassword('tuque bleue de 2026', user!.passwordHash)).toBe(true);
  });

  it.each([
    [['user:add', '--email', 'x@cosmoss.example.org', '--name', 'X'], 'password\n', 'trop courant'],
    [['user:add', '--email', 'x@cosmoss.example.org', '--name', 'X'], 'court\n', 'au moins 8 caractères'],
    [['user:add', '--email', 'x@cosmoss.example.org', '--name', 'X'], 'Rimouski2024\n', 'Rimouski'],
    [['user:add', '--email', 'x@cosmoss.example.org', '--name', 'X'], '        \n', 'espaces'],
    [['user:add', '--email', 'pas-un-courriel', '--name', 'X'], 'une longue phrase\n', 'courriel valide'],
    [
      ['user:add', '--email', 'x@cosmoss.example.org', '--name', 'X', '--role', 'chef'],
      'une longue phrase\n',
      'admin ou editeur',
    ],
    [['user:add', '--email', 'coord@cosmoss.example.org', '--name', 'Y'], 'une longue phrase\n', 'existe déjà'],
    [['user:password', '--email', 'inconnu@cosmoss.example.org'], 'une longue phrase\n', 'Aucun compte'],
  ])('refuses %j with a French message', (args, stdin, message) => {
    const result = cli(args, stdin);
    expect(result.status).toBe(2);
    expect(result.out).toContain(message);
  });

  it('resets a password', async () => {
    const result = cli(['user:password', '--email', 'coord@cosmoss.example.org'], 'un nouveau mot de passe\n');
    expect(result.status).toBe(0);
    const user = userIn('coord@cosmoss.example.org');
    expect(await verifyPassword('un nouveau mot de passe', user!.passwordHash)).toBe(true);
    expect(await verifyPassword('tuque bleue de 2026', user!.passwordHash)).toBe(false);
  });
});
