import type { Price } from "@/lib/db";
import { BadRequestError } from "@/lib/api/errors";
import { AmountError, fromMinorUnits, toMinorUnits } from "./money";

// Pay what you want: a one-time tier may let the buyer choose the amount within [minimum,
// maximum]; its `amount` is then the suggested one. Pure (the db is a type import), so the tier
// editor runs the same checks as the server.

export type CustomBounds = { min: number; max: number };
type CustomFields = Pick<Price, "customAmountMin" | "customAmountMax">;

/** The tier's bounds when the buyer chooses the amount; null for a fixed price. */
export function customBounds(price: CustomFields): CustomBounds | null {
  return price.customAmountMin != null && price.customAmountMax != null ? { min: price.customAmountMin, max: price.customAmountMax } : null;
}

/**
 * Checks `custom_amount` of a tier against its amount, currency and interval. Returns the bounds
 * in minor units, or the messages per field (`custom_amount.minimum` …) to answer 400 with.
 */
export function checkCustomAmount(
  custom: { minimum: string; maximum: string },
  tier: { amount: number; currency: string; interval: string },
): { bounds: CustomBounds } | { errors: Record<string, string[]> } {
  const errors: Record<string, string[]> = {};
  if (tier.interval !== "one_time") errors.custom_amount = ["Only one-time tiers can let the buyer choose the amount."];
  const parse = (field: "minimum" | "maximum") => {
    try {
      return toMinorUnits(custom[field], tier.currency);
    } catch (e) {
      errors[`custom_amount.${field}`] = [e instanceof AmountError ? e.message : "Invalid amount."];
      return null;
    }
  };
  const min = parse("minimum");
  const max = parse("maximum");
  if (min != null && max != null) {
    if (min > max) errors["custom_amount.minimum"] = ["The minimum must not exceed the maximum."];
    else if (tier.amount < min || tier.amount > max) errors.amount = ["The suggested amount must lie between the minimum and the maximum."];
  }
  if (Object.keys(errors).length || min == null || max == null) return { errors };
  return { bounds: { min, max } };
}

/**
 * The minor amount to charge for `price`. `raw` is what the buyer entered, as a decimal amount in
 * the tier's currency ("12.50", 12.5; "1500" in jpy), not minor units. A pay-what-you-want tier
 * needs it, within its bounds (400 `amount_out_of_range` with `minimum` and `maximum`, also when
 * it is missing); a malformed amount is 400 `validation_error`; a fixed
 * tier takes none, or exactly its own amount (400 `amount_not_adjustable` otherwise).
 */
export function chosenAmount(price: Pick<Price, "amount" | "currency"> & CustomFields, raw: string | number | null | undefined): number {
  const bounds = customBounds(price);
  const text = raw == null ? "" : String(raw).trim();
  if (!text) {
    if (!bounds) return price.amount;
    const [minimum, maximum] = [fromMinorUnits(bounds.min, price.currency), fromMinorUnits(bounds.max, price.currency)];
    // the same code as an amount out of bounds: either way the buyer is shown the bounds
    throw new BadRequestError("amount is required: choose what to pay.", { errors: { amount: [`Choose an amount between ${minimum} and ${maximum}.`] }, minimum, maximum }, "amount_out_of_range");
  }
  let minor: number;
  try {
    minor = toMinorUnits(text, price.currency);
  } catch (e) {
    if (e instanceof AmountError) throw new BadRequestError("Invalid request body: amount.", { errors: { amount: [e.message] } }, "validation_error");
    throw e;
  }
  if (!bounds) {
    if (minor === price.amount) return price.amount;
    const fixed = fromMinorUnits(price.amount, price.currency);
    throw new BadRequestError(`This tier has a fixed price of ${fixed}.`, { errors: { amount: [`This tier costs ${fixed}.`] } }, "amount_not_adjustable");
  }
  if (minor < bounds.min || minor > bounds.max) {
    const [minimum, maximum] = [fromMinorUnits(bounds.min, price.currency), fromMinorUnits(bounds.max, price.currency)];
    throw new BadRequestError(
      `Choose an amount between ${minimum} and ${maximum} ${price.currency.toUpperCase()}.`,
      { errors: { amount: [`Between ${minimum} and ${maximum}.`] }, minimum, maximum },
      "amount_out_of_range",
    );
  }
  return minor;
}
