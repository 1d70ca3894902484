import { describe, expect, it } from 'vitest';
import { TerritoryIndex } from '../../../src/lib/search/territories.js';

const index = new TerritoryIndex([
  { id: 1, name: 'Bas-Saint-Laurent', kind: 'region', parentId: null, aliases: [] },
  { id: 2, name: 'MRC de Rimouski-Neigette', kind: 'mrc', parentId: 1, aliases: ['Rimouski-Neigette'] },
  { id: 3, name: 'Ville de Rimouski', kind: 'municipalite', parentId: 2, aliases: ['Rimouski', 'Le Bic'] },
  { id: 4, name: 'Saint-Fabien', kind: 'municipalite', parentId: 2, aliases: [] },
  { id: 5, name: 'Saint-Eugène-de-Ladrière', kind: 'municipalite', parentId: 2, aliases: [] },
]);
const ids = (text: string) => index.read(text)?.map((node) => node.id) ?? null;

describe('TerritoryIndex', () => {
  it('reads names and aliases without regard to case or accents, and lists of them', () => {
    expect(ids('ville de rimouski')).toEqual([3]);
    expect(ids('RIMOUSKI-NEIGETTE')).toEqual([2]);
    expect(ids('Le Bic, Saint-Fabien et Saint-Eugene-de-Ladriere')).toEqual([3, 4, 5]);
    expect(ids('Saint-Fabien et Le Bic')).toEqual([4, 3]);
  });

  it('keeps a text with an unknown part unmatched, to be fixed by the coordination', () => {
    expect(ids('Gaspésie')).toBeNull();
    expect(ids('Saint-Fabien et Matane')).toBeNull();
  });

  it('relates a municipality to its MRC and région, and a région to everything inside', () => {
    expect([...index.related(index.find('Ville de Rimouski')!)].sort()).toEqual([1, 2, 3]);
    expect([...index.related(index.find('Bas-Saint-Laurent')!)].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('orders the hierarchy for the filter, with depths', () => {
    expect(index.ordered().map(({ node, depth }) => `${depth}:${node.name}`)).toEqual([
      '0:Bas-Saint-Laurent',
      '1:MRC de Rimouski-Neigette',
      '2:Ville de Rimouski',
      '2:Saint-Fabien',
      '2:Saint-Eugène-de-Ladrière',
    ]);
  });
});
