import type Stripe from "stripe";
import type { Ctx } from "./context.js";
import { missing } from "./errors.js";

/** Stripe's decimal strings (`unit_amount_decimal`) are typed as a branded Decimal. */
export function dec(value: number | string): Stripe.Decimal {
  return String(value) as unknown as Stripe.Decimal;
}

export function emptyAddress(): Stripe.Address {
  return { city: null, country: null, line1: null, line2: null, postal_code: null, state: null };
}

/** Loads an object of the caller's account or throws Stripe's 404. */
export function load<T>(ctx: Ctx, id: string, type: string, name: string, param = "id"): T {
  const obj = ctx.app.store.find<T>(id, type, ctx.account);
  if (!obj) throw missing(id, name, param);
  return obj;
}

export const ZERO_DECIMAL = new Set([
  "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
]);

/** Human amount for pages: minor units → major units, respecting zero-decimal currencies. */
export function formatAmount(amount: number, currency: string): string {
  const cur = currency.toLowerCase();
  const digits = ZERO_DECIMAL.has(cur) ? 0 : 2;
  const major = amount / 10 ** digits;
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency: cur.toUpperCase(),
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(major);
  } catch {
    return `${major.toFixed(digits)} ${cur.toUpperCase()}`;
  }
}

export function addDays(ts: number, days: number): number {
  return ts + days * 86400;
}

/** Adds calendar months/years/weeks/days like Stripe's billing periods. */
export function addInterval(ts: number, interval: string, count: number): number {
  const d = new Date(ts * 1000);
  switch (interval) {
    case "day":
      return ts + 86400 * count;
    case "week":
      return ts + 7 * 86400 * count;
    case "month": {
      const day = d.getUTCDate();
      d.setUTCDate(1);
      d.setUTCMonth(d.getUTCMonth() + count);
      const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
      d.setUTCDate(Math.min(day, last));
      return Math.floor(d.getTime() / 1000);
    }
    case "year": {
      d.setUTCFullYear(d.getUTCFullYear() + count);
      return Math.floor(d.getTime() / 1000);
    }
    default:
      return ts + 30 * 86400 * count;
  }
}
