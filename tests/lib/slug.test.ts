import { describe, expect, it } from 'vitest';
import { foldText, slugify, uniqueSlug } from '../../src/lib/slug.js';

describe('slugs', () => {
  it.each([
    ['Santé mentale', 'sante-mentale'],
    ['Auberge du cœur L’Escale', 'auberge-du-coeur-l-escale'],
    ["Centre d'entraide Saint-Jérôme", 'centre-d-entraide-saint-jerome'],
    ['  CALACS — Rimouski!  ', 'calacs-rimouski'],
    ['Æsope & Œdipe', 'aesope-oedipe'],
    ['日本語', ''],
  ])('slugify(%j) = %j', (input, expected) => {
    expect(slugify(input)).toBe(expected);
  });

  it('keeps slugs short without a trailing hyphen', () => {
    const slug = slugify('mot '.repeat(40));
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug.endsWith('-')).toBe(false);
  });

  it('makes slugs unique with a counter, and never empty', () => {
    const taken = new Set(['maison', 'maison-2']);
    expect(uniqueSlug('maison', (s) => taken.has(s))).toBe('maison-3');
    expect(uniqueSlug('', () => false)).toBe('organisme');
  });

  it('folds accents and ligatures but keeps case', () => {
    expect(foldText('Élève Cœur')).toBe('Eleve Coeur');
  });
});
