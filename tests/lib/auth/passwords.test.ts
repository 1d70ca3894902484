import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  needsRehash,
  passwordProblem,
  scryptMemory,
  verifyPassword,
} from '../../../src/lib/auth/passwords.js';

const site = { siteName: 'COSMOSS Rimouski-Neigette' };

describe('passwordProblem', () => {
  it.each([
    ['aaaaaaaa', 'répète'],
    ['abababababab', 'répète'],
    ['        ', 'espaces'],
    ['\t \u00a0 \t  \u00a0', 'espaces'],
    ['12345678', 'courant'],
    ['abcdefghij', 'suite'],
    ['98765432', 'suite'],
    ['qwertyuiop', 'courant'],
    ['Rimouski2024', '«\u00a0Rimouski\u00a0»'],
    ['rimouski-2024!', '«\u00a0Rimouski\u00a0»'],
    ['R1mousk1 2024', '«\u00a0Rimouski\u00a0»'],
    ['cosmoss2026', '«\u00a0COSMOSS\u00a0»'],
    ['COSMOSS-Rimouski', '«\u00a0COSMOSS\u00a0»'],
    ['Neigette2025', '«\u00a0Neigette\u00a0»'],
    ['Répertoire2026', '«\u00a0répertoire\u00a0»'],
    ['bonjour2024', '«\u00a0bonjour\u00a0»'],
    ['Soleil!!2025', '«\u00a0soleil\u00a0»'],
    ['20252026', 'lettre'],
  ])('refuses %j, saying why', (password, reason) => {
    expect(passwordProblem(password, site)).toContain(reason);
  });

  it('refuses the words of the configured site name, and the account’s own name and email', () => {
    expect(passwordProblem('LaMitis2024', { siteName: 'COSMOSS La Mitis' })).toContain('«\u00a0Mitis\u00a0»');
    expect(passwordProblem('Mitis2024', site)).toBeNull();
    expect(passwordProblem('MarieCote1990', { ...site, personal: ['Marie Côté', 'marie.cote@example.org'] })).toContain(
      '«\u00a0marie\u00a0»',
    );
  });

  it.each([
    'une phrase de passe solide',
    'tuque bleue de 2026',
    'J’aime Rimouski en été',
    'Rimouski, ma belle ville du fleuve',
    'correct horse battery staple',
    'x7#Qm!2pLr9w',
    '8406 1935 2277 6153',
  ])('accepts %j', (password) => {
    expect(passwordProblem(password, site)).toBeNull();
  });

  it('keeps the length rules', () => {
    expect(passwordProblem('court1', site)).toContain('au moins 8 caractères');
    expect(passwordProblem('p'.repeat(257), site)).toContain('256');
  });
});

describe('password hashes', () => {
  // The parameters of hashes made before decision 105: 128 MiB of memory per hash.
  const BEFORE_105 = { N: 2 ** 17, r: 8, p: 1 };

  it('hashes with OWASP’s 32 MiB scrypt setting, the same strength as N = 2^17 in a quarter of the memory', async () => {
    expect(DEFAULT_SCRYPT).toEqual({ N: 2 ** 15, r: 8, p: 3 });
    expect(scryptMemory(DEFAULT_SCRYPT)).toBe(32 * 1024 * 1024);
    const stored = await hashPassword('une phrase de passe solide');
    expect(stored).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await verifyPassword('une phrase de passe solide', stored)).toBe(true);
    expect(await verifyPassword('une autre phrase', stored)).toBe(false);
  });

  it('still verifies the hashes made before, and asks for those to be made again', async () => {
    const older = await hashPassword('une phrase de passe solide', BEFORE_105);
    expect(await verifyPassword('une phrase de passe solide', older)).toBe(true);
    expect(needsRehash(older)).toBe(true);
    expect(needsRehash(await hashPassword('x', DEFAULT_SCRYPT))).toBe(false);
    // Cheaper in memory (the tests' own hashes): left as they are.
    expect(needsRehash(await hashPassword('x', { N: 2 ** 10, r: 8, p: 1 }))).toBe(false);
    expect(needsRehash('pas un hachage')).toBe(false);
  });
});
