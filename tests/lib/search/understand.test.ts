import { describe, expect, it } from 'vitest';
import { understandQuery, withoutPhrase } from '../../../src/lib/search/understand.js';

describe('understandQuery', () => {
  it.each([
    ['logement 17 ans', { min: 17, max: 17 }, '17 ans', 'logement'],
    ['hébergement 17ans', { min: 17, max: 17 }, '17 ans', 'hébergement'],
    ['12-17 ans sport', { min: 12, max: 17 }, '12 à 17 ans', 'sport'],
    ['de 12 à 17 ans', { min: 12, max: 17 }, '12 à 17 ans', ''],
    ['emploi 35 ans et plus', { min: 35, max: 120 }, '35 ans et plus', 'emploi'],
    ['ado drogue', { min: 12, max: 17 }, 'ado\u00a0: 12 à 17 ans', 'drogue'],
    ['adolescentes', { min: 12, max: 17 }, 'adolescentes\u00a0: 12 à 17 ans', ''],
    ['Mineur', { min: 0, max: 17 }, 'Mineur\u00a0: moins de 18 ans', ''],
    ['aînés transport', { min: 65, max: 120 }, 'aînés\u00a0: 65 ans et plus', 'transport'],
  ])('reads « %s » as an age range', (text, range, label, rest) => {
    const understood = understandQuery(text);
    expect(understood.age).toMatchObject({ ...range, label });
    expect(understood.rest).toBe(rest);
  });

  it.each(['adorable', 'adoption', 'mineurs2', '2017', 'ans', '999 ans'])('leaves « %s » alone', (text) => {
    expect(understandQuery(text).age).toBeNull();
  });

  it.each([
    ['hébergement ce soir', 'hébergement'],
    ['urgence', ''],
    ["hébergement d'urgence", 'hébergement'],
    ['24/7', ''],
    ['ligne 24 h', 'ligne'],
    ['24 heures sur 24 écoute', 'écoute'],
    ['aide maintenant', 'aide'],
    ['CETTE NUIT dormir', 'dormir'],
  ])('reads « %s » as urgent', (text, rest) => {
    const understood = understandQuery(text);
    expect(understood.urgent).not.toBeNull();
    expect(understood.rest).toBe(rest);
  });

  it('reads an age and urgency together, and rebuilds the query without one of them', () => {
    const understood = understandQuery('drogue 17 ans ce soir');
    expect(understood.rest).toBe('drogue');
    expect(withoutPhrase('drogue 17 ans ce soir', understood.age!.phrase)).toBe('drogue ce soir');
    expect(withoutPhrase('drogue 17 ans ce soir', understood.urgent!.phrase)).toBe('drogue 17 ans');
  });
});
