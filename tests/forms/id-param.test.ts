import { describe, expect, it } from 'vitest';
import { parseIdParam, parsePageSegment } from '../../src/forms/id-param.js';

describe('path parameters', () => {
  it('reads an id from digits only', () => {
    expect(parseIdParam('42')).toBe(42);
    for (const raw of ['0x1', '1e3', ' 7', '', '-1', 42]) expect(parseIdParam(raw)).toBeNull();
  });

  it('gives each page of a list one address: none for page 1, « 2 », « 3 »… for the others', () => {
    expect(parsePageSegment(null)).toBe(1);
    expect(parsePageSegment('2')).toBe(2);
    expect(parsePageSegment('197')).toBe(197);
    for (const segment of ['1', '0', '02', '-2', '2.0', 'deux', '', '1234567'])
      expect(parsePageSegment(segment), segment).toBeNull();
  });
});
