import "server-only";
import type { Paywall, Platform, Price } from "@/lib/db";
import { NotFoundError } from "@/lib/api/errors";
import { chosenAmount } from "@/lib/prices/custom-amount";
import { fromMinorUnits } from "@/lib/prices/money";
import { bpsToPercent } from "./discount-math";
import { evaluatePromotion, type PromotionBuyer } from "./apply-promotion";
import type { PriceQuote } from "./promotion-schema";

// The price a buyer will pay with a code, shown before the redirect to Stripe.

export async function quotePrice(args: {
  platform: Platform;
  paywall: Paywall | null;
  price: Price;
  code: string;
  amount?: string;
  buyer: PromotionBuyer;
}): Promise<PriceQuote> {
  const { platform, paywall, price } = args;
  // what cannot be bought has no price to quote
  if (!paywall || !paywall.isEnabled || !price.isActive || price.deletedAt) throw new NotFoundError("Price not found.");
  const amountMinor = chosenAmount(price, args.amount);
  const { promotion, discountMinor } = await evaluatePromotion({ platform, paywall, price, amountMinor, buyer: args.buyer, code: args.code });
  const money = (minor: number) => fromMinorUnits(minor, price.currency);
  return {
    subtotal: money(amountMinor),
    discount: money(discountMinor),
    total: money(amountMinor - discountMinor),
    currency: price.currency,
    promotion_code: {
      code: promotion.code,
      duration: promotion.duration,
      duration_in_months: promotion.durationInMonths,
      percent_off: promotion.percentOffBps != null ? bpsToPercent(promotion.percentOffBps) : null,
      amount_off: promotion.amountOff != null && promotion.currency ? fromMinorUnits(promotion.amountOff, promotion.currency) : null,
    },
  };
}
