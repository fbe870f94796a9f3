import { currencyExponent } from "@/lib/prices/currencies";

// What a promotion code takes off an amount, free of the database and of Stripe. Integer minor
// units in and out; the percentage is basis points (12.5 % = 1250), products computed in BigInt.

export const FULL_BPS = 10_000;

export type Discount = { percentOffBps: number; amountOff?: null; currency?: null } | { percentOffBps?: null; amountOff: number; currency: string };

/** Percent given as Stripe's `percent_off` (up to two decimals) → basis points. */
export function percentToBps(percent: number): number {
  return Math.round(percent * 100);
}

/** Basis points → the number Stripe's `percent_off` and our API show (1250 → 12.5). */
export function bpsToPercent(bps: number): number {
  return bps / 100;
}

/** `bps` of `amount`, rounded half up to the minor unit, never more than the amount. */
export function percentDiscount(amountMinor: number, bps: number): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) throw new RangeError(`An amount must be a non-negative integer, got ${amountMinor}.`);
  if (!Number.isInteger(bps) || bps <= 0 || bps > FULL_BPS) throw new RangeError(`A percentage must be 1–${FULL_BPS} basis points, got ${bps}.`);
  const n = BigInt(amountMinor) * BigInt(bps);
  const d = BigInt(FULL_BPS);
  const q = n / d;
  const rounded = Number(2n * (n % d) >= d ? q + 1n : q);
  return Math.min(rounded, amountMinor);
}

/**
 * The discount on `amountMinor` in `currency`, or null when the code cannot apply (a fixed
 * amount in another currency).
 */
export function discountOn(amountMinor: number, currency: string, discount: Discount): number | null {
  if (discount.percentOffBps != null) return percentDiscount(amountMinor, discount.percentOffBps);
  if (discount.currency!.toLowerCase() !== currency.toLowerCase()) return null;
  if (!Number.isSafeInteger(discount.amountOff) || discount.amountOff! <= 0) throw new RangeError(`A fixed discount must be a positive integer, got ${discount.amountOff}.`);
  return Math.min(discount.amountOff!, amountMinor);
}

// Stripe's smallest charge per settlement currency, in minor units (its documented minimums);
// any other currency is held to the equivalent of 0.50.
const MINIMUM_CHARGE: Record<string, number> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30, hkd: 400, huf: 17500,
  inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};

/** The smallest non-zero amount Stripe Checkout charges in `currency`. */
export function minimumCharge(currency: string): number {
  const c = currency.toLowerCase();
  if (MINIMUM_CHARGE[c] !== undefined) return MINIMUM_CHARGE[c];
  const exponent = currencyExponent(c);
  return exponent === 0 ? 50 : 5 * 10 ** (exponent - 1);
}

/**
 * A one-time payment after the discount must be free (Checkout then takes no payment) or at
 * least Stripe's minimum charge; anything in between cannot be paid.
 */
export function payableTotal(totalMinor: number, currency: string): boolean {
  return totalMinor === 0 || totalMinor >= minimumCharge(currency);
}
