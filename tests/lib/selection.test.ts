import { describe, expect, it } from 'vitest';
import {
  addToSelection,
  isSameOriginPost,
  MAX_SELECTION,
  moveInSelection,
  parseSelection,
  removeFromSelection,
  safeReturnPath,
  serializeSelection,
  sheetsOf,
} from '../../src/lib/selection.js';

describe('parseSelection', () => {
  it('keeps digits only, in order, once each, at most MAX_SELECTION', () => {
    expect(parseSelection('12-5-33')).toEqual([12, 5, 33]);
    expect(parseSelection('12,5,12, 33', ',')).toEqual([12, 5, 33]);
    expect(parseSelection('0,-4,1e3,0x1,abc,7.5,<b>,9', ',')).toEqual([9]);
    expect(parseSelection('1234567890,4', ',')).toEqual([4]);
    expect(parseSelection('12,5')).toEqual([]);
    expect(parseSelection(Array.from({ length: 30 }, (_, i) => i + 1).join(','), ',')).toHaveLength(MAX_SELECTION);
    expect(parseSelection('1,'.repeat(200), ',')).toEqual([]);
    expect(parseSelection(undefined)).toEqual([]);
    expect(parseSelection(['1', '2'])).toEqual([]);
    expect(parseSelection(serializeSelection([3, 1, 2]))).toEqual([3, 1, 2]);
  });
});

describe('changes', () => {
  it('adds once, refuses past the maximum, removes and moves', () => {
    expect(addToSelection([1, 2], 3)).toEqual({ ok: true, ids: [1, 2, 3], added: true });
    expect(addToSelection([1, 2], 2)).toEqual({ ok: true, ids: [1, 2], added: false });
    const full = Array.from({ length: MAX_SELECTION }, (_, i) => i + 1);
    expect(addToSelection(full, 99)).toEqual({ ok: false, ids: full });
    expect(addToSelection(full, 1).ok).toBe(true);
    expect(removeFromSelection([1, 2, 3], 2)).toEqual([1, 3]);
    expect(moveInSelection([1, 2, 3], 3, 'up')).toEqual([1, 3, 2]);
    expect(moveInSelection([1, 2, 3], 1, 'down')).toEqual([2, 1, 3]);
    expect(moveInSelection([1, 2, 3], 1, 'up')).toEqual([1, 2, 3]);
    expect(moveInSelection([1, 2, 3], 3, 'down')).toEqual([1, 2, 3]);
    expect(moveInSelection([1, 2, 3], 9, 'up')).toEqual([1, 2, 3]);
    expect(sheetsOf([1, 2, 3, 4, 5, 6, 7], 6)).toEqual([[1, 2, 3, 4, 5, 6], [7]]);
  });
});

describe('safeReturnPath', () => {
  it('keeps a path of this site, and nothing that leaves it', () => {
    expect(safeReturnPath('/themes/logement')).toBe('/themes/logement');
    expect(safeReturnPath('/recherche?q=aide&page=2#x')).toBe('/recherche?q=aide&page=2');
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:x', '/a\nb', '', 42]) {
      expect(safeReturnPath(bad)).toBe('/ma-selection');
    }
  });
});

describe('isSameOriginPost', () => {
  const own = ['http://localhost:3000', 'https://repertoire.example.org'];
  it('believes Sec-Fetch-Site first, then Origin, then Referer; no sign at all is refused', () => {
    expect(isSameOriginPost({ secFetchSite: 'same-origin' }, own)).toBe(true);
    expect(isSameOriginPost({ secFetchSite: 'same-site', origin: 'http://localhost:3000' }, own)).toBe(false);
    expect(isSameOriginPost({ secFetchSite: 'cross-site' }, own)).toBe(false);
    expect(isSameOriginPost({ origin: 'https://repertoire.example.org' }, own)).toBe(true);
    expect(isSameOriginPost({ origin: 'http://localhost:3000' }, own)).toBe(true);
    expect(isSameOriginPost({ origin: 'http://localhost:3001' }, own)).toBe(false);
    expect(isSameOriginPost({ origin: 'null' }, own)).toBe(false);
    expect(isSameOriginPost({ referer: 'https://repertoire.example.org/themes/x' }, own)).toBe(true);
    expect(isSameOriginPost({ referer: 'https://repertoire.example.org.evil.example/' }, own)).toBe(false);
    expect(isSameOriginPost({}, own)).toBe(false);
    expect(isSameOriginPost({ origin: ['http://localhost:3000', 'x'] }, own)).toBe(false);
  });
});
