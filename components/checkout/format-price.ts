import { currencyExponent } from "@/lib/prices/currencies";
import type { PaywallPrice, PriceInterval } from "@/lib/queries/access";

// A fixed locale: the buy page is rendered on the server and must hydrate to the same text.
const LOCALE = "en-US";

/** Minor units → display string in the price's own currency ("$19.00", "¥1,500", "KWD 1.250"). */
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

/** The API sends both forms; older payloads may lack `amount_minor`. */
export function priceMinor(price: Pick<PaywallPrice, "amount" | "amount_minor" | "currency">): number {
  if (typeof price.amount_minor === "number") return price.amount_minor;
  const exponent = currencyExponent(price.currency);
  const [whole, fraction = ""] = price.amount.split(".");
  return Number(whole) * 10 ** exponent + (exponent ? Number(fraction.padEnd(exponent, "0").slice(0, exponent)) : 0);
}

export function formatPrice(price: Pick<PaywallPrice, "amount" | "amount_minor" | "currency">): string {
  return formatMoney(priceMinor(price), price.currency);
}

export const INTERVAL_SUFFIX: Record<PriceInterval, string> = { month: "/month", year: "/year", one_time: "" };

export const INTERVAL_CAPTION: Record<PriceInterval, string> = {
  month: "Billed monthly",
  year: "Billed yearly",
  one_time: "One-time payment",
};

export const isRecurring = (interval: PriceInterval) => interval !== "one_time";

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(LOCALE, { year: "numeric", month: "long", day: "numeric" });
}
