// The dashboard's date range: whole UTC days, `from` inclusive, `to` exclusive (the day after the
// last day shown), as the money endpoints read `from`/`to`. Pure, so the spec and the picker agree.

export type RangePreset = "7d" | "30d" | "90d" | "month" | "custom";

export type DateRange = {
  preset: RangePreset;
  /** First day, `YYYY-MM-DD`, inclusive. */
  from: string;
  /** Last day shown, `YYYY-MM-DD`, inclusive in the picker; sent as the next day (exclusive). */
  to: string;
};

export const PRESETS: { value: Exclude<RangePreset, "custom">; label: string }[] = [
  { value: "7d", label: "Last 7 days" },
  { value: "30d", label: "Last 30 days" },
  { value: "90d", label: "Last 90 days" },
  { value: "month", label: "This month" },
];

const DAY_MS = 86_400_000;

export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(day: string, n: number): string {
  return isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS));
}

export function isIsoDay(v: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
}

export function presetRange(preset: Exclude<RangePreset, "custom">, now = new Date()): DateRange {
  const today = isoDay(now);
  if (preset === "month") return { preset, from: `${today.slice(0, 8)}01`, to: today };
  const days = { "7d": 7, "30d": 30, "90d": 90 }[preset];
  return { preset, from: addDays(today, -(days - 1)), to: today };
}

/** Number of days in the range, both ends included. */
export function rangeDays(r: Pick<DateRange, "from" | "to">): number {
  return Math.round((Date.parse(`${r.to}T00:00:00Z`) - Date.parse(`${r.from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** What the API reads: `from` inclusive, `to` exclusive. */
export function rangeQuery(r: Pick<DateRange, "from" | "to">): { from: string; to: string } {
  return { from: r.from, to: addDays(r.to, 1) };
}

/** Buckets that keep a chart readable: days up to two months, weeks up to half a year, then months. */
export function intervalFor(r: Pick<DateRange, "from" | "to">): "day" | "week" | "month" {
  const days = rangeDays(r);
  return days <= 62 ? "day" : days <= 186 ? "week" : "month";
}

/** Why a custom range cannot be used, or null. */
export function rangeProblem(r: Pick<DateRange, "from" | "to">): string | null {
  if (!isIsoDay(r.from) || !isIsoDay(r.to)) return "Pick both dates.";
  if (r.from > r.to) return "The start date must not be after the end date.";
  return null;
}
