import { describe, expect, it } from 'vitest';
import { searchLogWords } from '../../../src/lib/search/log-words.js';

describe('searchLogWords', () => {
  it.each([
    ['Hébergement  17 ans', 'hebergement 17 ans'],
    ['  Santé MENTALE ', 'sante mentale'],
    ['l’aide sociale', 'l aide sociale'],
    ['24/7', '24 7'],
    ['ado 12 - 17 ans', 'ado 12 17 ans'],
    ['un deux trois quatre cinq six sept huit neuf dix', 'un deux trois quatre cinq six sept huit'],
  ])('logs « %s » as « %s »', (typed, logged) => {
    expect(searchLogWords(typed)).toBe(logged);
  });

  it.each([
    '',
    '   ',
    '!!!',
    'marie.tremblay@exemple.ca',
    '418 555-0123',
    'dossier 1234567',
    'TREM 1234 5678',
    '418.555.0123',
  ])('never logs « %s »', (typed) => {
    expect(searchLogWords(typed)).toBeNull();
  });
});
