import type { Clock } from '../../src/db/client.js';

/** The instant every test starts at, whatever today's date: tests never depend on the day they run. */
export const TEST_NOW = new Date('2026-11-22T15:00:00.000Z');

export interface TestClock extends Clock {
  /** Moves the clock forward (or back, with a negative duration). */
  advance(ms: number): void;
  set(date: Date | string): void;
}

/** A clock that stands still until the test moves it. */
export function testClock(start: Date | string = TEST_NOW): TestClock {
  let time = new Date(start).getTime();
  const clock = (() => new Date(time)) as TestClock;
  clock.advance = (ms) => {
    time += ms;
  };
  clock.set = (date) => {
    time = new Date(date).getTime();
  };
  return clock;
}

export const DAY_MS = 24 * 60 * 60 * 1000;
