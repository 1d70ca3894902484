import { describe, expect, it } from 'vitest';
import { daysAgoIso, formatLongDate, isStale } from '../../src/lib/dates.js';

describe('dates', () => {
  it('formats dates the Quebec way, in Quebec’s time zone', () => {
    expect(formatLongDate('2026-11-22T15:00:00Z')).toBe('22 novembre 2026');
    expect(formatLongDate('2026-03-01T15:00:00Z')).toBe('1er mars 2026');
    // 02:00 UTC on 23 November is still the evening of the 22nd in Rimouski.
    expect(formatLongDate('2026-11-23T02:00:00Z')).toBe('22 novembre 2026');
  });

  it('calls an entry stale after twelve months or when never verified', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    expect(isStale(daysAgoIso(364, now), now)).toBe(false);
    expect(isStale(daysAgoIso(366, now), now)).toBe(true);
    expect(isStale(null, now)).toBe(true);
  });
});
