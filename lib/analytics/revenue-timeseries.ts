import "server-only";
import { db, Prisma } from "@/lib/db";
import type { Platform } from "@/lib/db";
import { BadRequestError } from "@/lib/api/errors";
import {
  DEFAULT_TIMESERIES_PERIODS,
  MAX_TIMESERIES_POINTS,
  type RevenueTimeseries,
  type RevenueTimeseriesQuery,
} from "./analytics-schema";
import { TOTAL_SUMS } from "@/lib/ledger/daily-totals";
import { addKind, figuresView, mainCurrency, revenueTotals, zeroFigures, type Figures, type KindRow } from "./ledger-figures";
import { addPeriods, periodStart, periodStarts } from "./periods";

/** The range a timeseries covers: as asked, else the default number of periods up to now. */
export function timeseriesRange(q: Pick<RevenueTimeseriesQuery, "from" | "to" | "interval">, now = new Date()) {
  const to = q.to ?? now;
  // the last period is the one holding the last instant before `to`
  const from = q.from ?? addPeriods(periodStart(new Date(to.getTime() - 1), q.interval), q.interval, 1 - DEFAULT_TIMESERIES_PERIODS[q.interval]);
  return { from: from > to ? to : from, to };
}

type PeriodRow = KindRow & { period: string };

/** The unit as an SQL literal, from the closed list only (a parameter would leave date_trunc's overload to guess). */
const truncUnit = (interval: RevenueTimeseriesQuery["interval"]) => Prisma.raw(`'${{ day: "day", week: "week", month: "month" }[interval]}'`);

/**
 * Revenue per UTC period in one currency: one grouped query over the daily totals (date_trunc,
 * PostgreSQL and PGlite alike), then every period of the range is filled in, zeros included.
 */
export async function revenueTimeseries(platform: Platform, q: RevenueTimeseriesQuery): Promise<RevenueTimeseries> {
  const { from, to } = timeseriesRange(q);
  const starts = periodStarts(from, to, q.interval, MAX_TIMESERIES_POINTS);
  if (!starts) {
    throw new BadRequestError(
      `The range holds more than ${MAX_TIMESERIES_POINTS} ${q.interval} periods; shorten it or use a longer interval.`,
      { errors: { from: [`At most ${MAX_TIMESERIES_POINTS} points.`] } },
      "too_many_points",
    );
  }
  const currency = q.currency ?? (await mainCurrency(platform.id));
  // the period as text in UTC, so no driver reads a timestamp through a local time zone
  const rows = starts.length
    ? await db.$queryRaw<PeriodRow[]>`
        SELECT to_char(date_trunc(${truncUnit(q.interval)}, day), 'YYYY-MM-DD"T"HH24:MI:SS') AS period, ${TOTAL_SUMS}
          FROM ${revenueTotals(platform.id, { from, to }, currency)} AS t
         GROUP BY 1, 2`
    : [];
  const byPeriod = new Map<number, Figures>();
  for (const r of rows) {
    const key = new Date(`${r.period}Z`).getTime();
    byPeriod.set(key, addKind(byPeriod.get(key) ?? zeroFigures(), r));
  }
  return {
    currency,
    interval: q.interval,
    from: from.toISOString(),
    to: to.toISOString(),
    points: starts.map((start) => {
      const f = byPeriod.get(start.getTime()) ?? zeroFigures();
      return { period_start: start.toISOString(), ...figuresView(f, currency), sales_count: f.count };
    }),
  };
}
