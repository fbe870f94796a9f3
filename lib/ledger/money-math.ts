// The money arithmetic of sales, commissions and their reversals, free of the database and of
// Stripe. Amounts are integer minor units and so is every result: products and quotients are
// computed in BigInt, because an amount times a fee (both up to 10^10) leaves the range in which
// a double counts exactly.

/** 10 000 basis points make 100 %. */
export const FULL_BPS = 10_000;

function minor(name: string, value: number): bigint {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer number of minor units, got ${value}.`);
  return BigInt(value);
}

function bps(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > FULL_BPS) throw new RangeError(`A commission must be 0–${FULL_BPS} basis points, got ${value}.`);
  return value;
}

/** a × b / d rounded to the nearest integer, halves away from zero (so a reversal mirrors its sale). */
function mulDivRound(a: bigint, b: bigint, d: bigint): number {
  const n = a * b;
  const q = n / d; // truncates toward zero
  const r = n % d;
  const twice = 2n * (r < 0n ? -r : r);
  return Number(twice >= (d < 0n ? -d : d) ? q + ((n < 0n) !== (d < 0n) ? -1n : 1n) : q);
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Commission on an amount: `bps` basis points of it, rounded half up to the minor unit. */
export function commissionFee(amountMinor: number, feeBps: number): number {
  const amount = minor("amount", amountMinor);
  if (amount < 0n) throw new RangeError(`A commission is taken on a sale, not on ${amountMinor}.`);
  return mulDivRound(amount, BigInt(bps(feeBps)), BigInt(FULL_BPS));
}

/**
 * The commission as Stripe takes it on a subscription (`application_fee_percent`, a percentage
 * with up to two decimals). One-time purchases send `application_fee_amount` = commissionFee().
 */
export function applicationFeePercent(feeBps: number): number {
  return bps(feeBps) / 100;
}

/** Basis points back from an `application_fee_percent` (12.34 → 1234). */
export function bpsFromApplicationFeePercent(percent: number): number {
  return bps(Math.round(percent * 100));
}

/**
 * The commission rate of a sale: a subscription's own `application_fee_percent` when Stripe has
 * one (the rate it really charges, even if the platform's commission changed since), otherwise
 * the rate stamped in the purchase metadata at checkout.
 */
export function saleFeeBps(applicationFeePercentOnStripe: number | null | undefined, metadataBps: number): number {
  return applicationFeePercentOnStripe != null ? bpsFromApplicationFeePercent(applicationFeePercentOnStripe) : bps(metadataBps);
}

export type Split = { fee: number; net: number };

/**
 * Fee and net of a charge. Stripe's `application_fee_amount` is what was really taken and wins;
 * without it the commission is computed from the rate. The fee never exceeds the charge.
 */
export function chargeSplit(grossMinor: number, feeBps: number, applicationFeeAmount?: number | null): Split {
  const gross = Number(minor("gross", grossMinor));
  if (gross < 0) throw new RangeError(`A charge is not negative: ${grossMinor}.`);
  const fee = applicationFeeAmount != null ? clamp(Number(minor("application fee", applicationFeeAmount)), 0, gross) : commissionFee(gross, feeBps);
  return { fee, net: gross - fee };
}

export type Reversed = { amount: number; fee: number };

/**
 * Fee and net of a row reversing part of a charge (refund and dispute: negative amount; a won
 * dispute gives back: positive). The commission reversed in total is the original fee in
 * proportion to the total amount reversed so far, capped at the original fee; this row carries
 * that total minus what earlier rows already reversed. So however a charge is split into partial
 * refunds, the reversed fee sums to exactly the original fee once everything is refunded, and
 * the reversed net to exactly the original net.
 */
export function reversalSplit(original: { amount: number; fee: number }, before: Reversed, amountMinor: number): Split {
  const amount = Number(minor("amount", amountMinor));
  const originalAmount = minor("original amount", original.amount);
  const originalFee = Number(minor("original fee", original.fee));
  const cumulative = minor("amount reversed before", before.amount) + BigInt(amount);
  const total = originalAmount === 0n ? 0 : mulDivRound(cumulative, BigInt(originalFee), originalAmount);
  const cap = Math.abs(originalFee);
  const fee = clamp(total, -cap, cap) - Number(minor("fee reversed before", before.fee));
  return { fee, net: amount - fee };
}
