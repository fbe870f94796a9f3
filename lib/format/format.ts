import { currencyExponent } from "@/lib/prices/currencies";
import type { PriceInterval } from "@/lib/prices/price-view";

// The one vocabulary for showing money, dates and billing intervals in the UI. Pure and
// client-safe. One fixed locale: server-rendered pages (the buy page) must hydrate to the same text.

export const LOCALE = "en-US";

type Options = { timeZone?: string };

/** Minor units in the currency's own digits: 1900 usd → "$19.00", 1500 jpy → "¥1,500", 1250 kwd → "KWD 1.250". */
export function formatMoney(amountMinor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const value = amountMinor / 10 ** exponent;
  try {
    return new Intl.NumberFormat(LOCALE, {
      style: "currency",
      currency: currency.toUpperCase(),
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    }).format(value);
  } catch {
    return `${value.toFixed(exponent)} ${currency.toUpperCase()}`;
  }
}

/** A decimal amount string ("15", "15.9", "1.250") in minor units, without floating point. */
export function decimalToMinor(amount: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const negative = amount.trim().startsWith("-");
  const [whole, fraction = ""] = amount.trim().replace(/^-/, "").split(".");
  const minor = Number(whole || "0") * 10 ** exponent + (exponent ? Number(fraction.padEnd(exponent, "0").slice(0, exponent)) : 0);
  return negative ? -minor : minor;
}

/** A decimal amount string as the API sends it ("19.00" usd → "$19.00"); not a number → "19.x USD". */
export function formatAmount(amount: string, currency: string): string {
  if (!/^-?\d+(\.\d+)?$/.test(amount.trim())) return `${amount} ${currency.toUpperCase()}`;
  return formatMoney(decimalToMinor(amount, currency), currency);
}

type PriceLike = { amount: string; amount_minor?: number | null; currency: string };

/** A price's amount; prefers the integer `amount_minor` when the payload has it. */
export function formatPriceAmount(price: PriceLike): string {
  return typeof price.amount_minor === "number" ? formatMoney(price.amount_minor, price.currency) : formatAmount(price.amount, price.currency);
}

export const isRecurringInterval = (interval: PriceInterval) => interval !== "one_time";

const INTERVAL_SUFFIX: Record<PriceInterval, string> = { month: "/month", year: "/year", one_time: "one-time" };

/** "/month", "/year", "one-time". */
export const formatInterval = (interval: PriceInterval): string => INTERVAL_SUFFIX[interval];

/** "$19.00/month", "$99.00/year", "$250.00 one-time". */
export function formatPriceWithInterval(price: PriceLike & { interval: PriceInterval }): string {
  const money = formatPriceAmount(price);
  return isRecurringInterval(price.interval) ? `${money}${formatInterval(price.interval)}` : `${money} ${formatInterval(price.interval)}`;
}

/** Names of the intervals, for pickers. */
export const INTERVAL_LABELS: Record<PriceInterval, string> = { month: "Monthly", year: "Yearly", one_time: "One-time" };

/** How the buyer is charged, under a price. */
export const INTERVAL_CAPTIONS: Record<PriceInterval, string> = { month: "Billed monthly", year: "Billed yearly", one_time: "One-time payment" };

function toDate(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** "Jan 5, 2025"; null for a missing or unreadable date. */
export function formatDate(iso: string | null | undefined, opts: Options = {}): string | null {
  const d = toDate(iso);
  return d && d.toLocaleDateString(LOCALE, { year: "numeric", month: "short", day: "numeric", timeZone: opts.timeZone });
}

/** "Jan 5, 2025, 3:04 PM"; null for a missing or unreadable date. */
export function formatDateTime(iso: string | null | undefined, opts: Options = {}): string | null {
  const d = toDate(iso);
  return d && d.toLocaleString(LOCALE, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: opts.timeZone });
}
