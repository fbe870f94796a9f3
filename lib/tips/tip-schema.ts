import { z } from "zod";
import { checkoutStartedSchema } from "@/lib/checkout/checkout-schema";
import { currencyExponent, isStripeCurrency } from "@/lib/prices/currencies";
import { AMOUNT_PATTERN } from "@/lib/prices/money";

// Body, answer and bounds of "Tip the creator". Pure (no db, no env) so the tip form can share them.

/** Longest message a tip carries; Stripe metadata values hold at most 500 characters, so it fits whole. */
export const TIP_MESSAGE_MAX = 500;

/**
 * The smallest and largest tip, in minor units, the equivalent of 1.00 to 1000.00:
 * two-decimal currencies (usd, eur…) 100–100 000 (1.00–1000.00); three-decimal ones (kwd, bhd…)
 * 1 000–1 000 000 (1.000–1000.000); zero-decimal ones (jpy, krw…) have no cents, so 1.00 is read
 * as 100 whole units: 100–100 000 (¥100–¥100,000).
 */
export function tipBounds(currency: string): { min: number; max: number } {
  const exponent = currencyExponent(currency);
  if (exponent === 3) return { min: 1_000, max: 1_000_000 };
  return { min: 100, max: 100_000 };
}

// as redirectUrlSchema of lib/security/redirect-guard.ts, which reads the server's settings
const redirectUrl = z.url({ protocol: /^https?$/, error: "Enter an absolute http(s) URL." }).max(2000);
const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.")).pipe(z.string().max(254));

export const tipInput = z
  .object({
    amount: z
      .union([z.string(), z.number()])
      .transform((v) => String(v).trim())
      .pipe(z.string().regex(AMOUNT_PATTERN, "Enter an amount like 5 or 5.50 (up to 8 digits and 2 decimals)."))
      .meta({ description: "The tip as a decimal amount in `currency` (\"5.00\"; \"500\" in jpy)." }),
    currency: z
      .string()
      .trim()
      .toLowerCase()
      .refine(isStripeCurrency, "Not a currency Stripe supports (use an ISO code like usd, eur, jpy).")
      .meta({ description: "Lower-case ISO currency code." }),
    email: email.optional().meta({ description: "The tipper's e-mail; required without a signed-in session (a signed-in caller's own is used)." }),
    message: z
      .string()
      .trim()
      .max(TIP_MESSAGE_MAX, `At most ${TIP_MESSAGE_MAX} characters.`)
      .optional()
      .meta({ description: `A note for the creator, at most ${TIP_MESSAGE_MAX} characters.` }),
    success_url: redirectUrl.nullish().meta({ description: "Where the tipper lands after paying (this app or one of the platform's domains); default the item's page." }),
    cancel_url: redirectUrl.nullish().meta({ description: "Where the tipper goes on cancel; default the item's page." }),
  })
  .meta({ id: "TipInput", description: "A one-time tip for the creator of an item; it grants no access." });
export type TipInput = z.infer<typeof tipInput>;
export type TipInputRaw = z.input<typeof tipInput>;

/** The tip's Checkout page: the same answer as a checkout's. */
export const tipStartedSchema = checkoutStartedSchema;

/**
 * Codes a tip refusal carries:
 *  - tips_disabled        400, the platform does not take tips
 *  - not_sellable         400, the seller cannot take payments right now
 *  - amount_out_of_range  400, outside tipBounds (`minimum`, `maximum` say the bounds)
 *  - validation_error     400, a malformed body, a missing e-mail, a redirect URL not allowed
 */
export const TIP_ERROR_CODES = ["tips_disabled", "not_sellable", "amount_out_of_range", "validation_error"] as const;
