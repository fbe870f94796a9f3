// When a failed delivery is tried again: exponential backoff spread over about a day, then the
// delivery gives up. Pure, so the schedule is unit-tested as a table.

/** Wait before attempt n+1 after attempt n failed: index 0 is the wait after the first attempt. */
export const RETRY_DELAYS_SECONDS = [30, 120, 600, 1800, 3600, 7200, 14400, 28800, 28800] as const;

/** Attempts in all: the first one plus one per delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** When attempt `attempt + 1` is due if attempt `attempt` (1-based) fails at `from`; null: give up. */
export function nextAttemptAt(attempt: number, from: Date): Date | null {
  if (!Number.isInteger(attempt) || attempt < 1) return null;
  const delay = RETRY_DELAYS_SECONDS[attempt - 1];
  return delay === undefined ? null : new Date(from.getTime() + delay * 1000);
}
