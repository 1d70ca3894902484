/** One budget an attempt draws on: at most `max` failed attempts per window under `key`. */
export interface Budget {
  key: string;
  max: number;
}

export interface Reservation {
  budgets: Budget[];
  at: number;
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; spent: Budget };

const PRUNE_ABOVE = 10_000;

/**
 * Counts failed password checks in memory (one process per database). An attempt is counted when it
 * is reserved, synchronously and before the slow hash, so parallel guesses cannot all slip under a
 * budget; a successful attempt gives its slot back.
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();

  constructor(readonly windowMs = 15 * 60 * 1000) {}

  private recent(key: string, now: number): number[] {
    const times = (this.attempts.get(key) ?? []).filter((time) => now - time < this.windowMs);
    if (times.length) this.attempts.set(key, times);
    else this.attempts.delete(key);
    return times;
  }

  /** Counts one attempt against every budget, or none when one of them is spent. */
  reserve(budgets: Budget[], now = Date.now()): ReserveResult {
    if (this.attempts.size > PRUNE_ABOVE) this.prune(now);
    const spent = budgets.find((budget) => this.recent(budget.key, now).length >= budget.max);
    if (spent) return { ok: false, spent };
    for (const { key } of budgets) this.attempts.set(key, [...this.recent(key, now), now]);
    return { ok: true, reservation: { budgets, at: now } };
  }

  /** The password was right: the attempt is not a failure, and `clearKeys` start afresh. */
  succeed(reservation: Reservation, clearKeys: string[] = []): void {
    for (const { key } of reservation.budgets) {
      const times = this.attempts.get(key) ?? [];
      const index = times.indexOf(reservation.at);
      if (index >= 0) times.splice(index, 1);
      if (!times.length) this.attempts.delete(key);
    }
    for (const key of clearKeys) this.attempts.delete(key);
  }

  private prune(now: number): void {
    for (const key of [...this.attempts.keys()]) this.recent(key, now);
  }
}
