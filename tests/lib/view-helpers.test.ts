import { describe, expect, it } from 'vitest';
import { ageLabel, audienceLabels, indexLetter, paragraphs, safeUrl, themeHint } from '../../src/lib/view-helpers.js';

describe('view helpers', () => {
  it('labels age ranges in French', () => {
    expect(ageLabel(12, 17)).toBe('12 à 17 ans');
    expect(ageLabel(18, null)).toBe('18 ans et plus');
    expect(ageLabel(null, 30)).toBe('Jusqu’à 30 ans');
    expect(ageLabel(null, null)).toBeNull();
  });

  it('labels audiences and ignores unknown codes', () => {
    expect(audienceLabels('jeunes,aines,inconnu')).toEqual(['Jeunes', 'Aînés']);
  });

  it('indexes names by their first letter, accents folded', () => {
    expect(indexLetter('École')).toBe('E');
    expect(indexLetter('211')).toBe('#');
  });

  it('lets only http(s) URLs become links', () => {
    expect(safeUrl('https://exemple.example.org')).toBe('https://exemple.example.org/');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('pas une url')).toBeNull();
  });

  it('splits text into paragraphs on blank lines', () => {
    expect(paragraphs('Un.\n\n  Deux.\n\n\n')).toEqual(['Un.', 'Deux.']);
  });
});

describe('themeHint', () => {
  it('says a thème in a few plain words: the lead before a colon, else the first two items', () => {
    expect(themeHint('Démêlés avec la justice : jeunes contrevenants, probation.')).toBe('Démêlés avec la justice');
    expect(themeHint('Anorexie, boulimie, hyperphagie et rapport difficile à l’alimentation.')).toBe(
      'Anorexie, boulimie',
    );
    expect(themeHint('')).toBe('');
    expect(themeHint('x'.repeat(200)).length).toBeLessThanOrEqual(71);
  });
});
