import type { TimeseriesInterval } from "./analytics-schema";

// UTC calendar periods of the revenue timeseries, the same as PostgreSQL's date_trunc on a UTC
// timestamp: days from midnight, ISO weeks from Monday, months from the 1st. Pure.

const DAY_MS = 86_400_000;

/** Start of the period holding `d`. */
export function periodStart(d: Date, interval: TimeseriesInterval): Date {
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (interval === "day") return new Date(day);
  if (interval === "week") return new Date(day - ((d.getUTCDay() + 6) % 7) * DAY_MS); // getUTCDay: 0 = Sunday
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

/** The period start `n` periods after (or before, for negative `n`) the period start `start`. */
export function addPeriods(start: Date, interval: TimeseriesInterval, n: number): Date {
  if (interval === "day") return new Date(start.getTime() + n * DAY_MS);
  if (interval === "week") return new Date(start.getTime() + 7 * n * DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + n, 1));
}

/**
 * Starts of every period overlapping the half-open range [from, to), oldest first; stops (and
 * returns null) once there would be more than `max`, so a huge range costs nothing.
 */
export function periodStarts(from: Date, to: Date, interval: TimeseriesInterval, max: number): Date[] | null {
  const out: Date[] = [];
  for (let p = periodStart(from, interval); p < to; p = addPeriods(p, interval, 1)) {
    if (out.length === max) return null;
    out.push(p);
  }
  return out;
}
