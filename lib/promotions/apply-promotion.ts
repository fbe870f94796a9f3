import "server-only";
import { db } from "@/lib/db";
import type { Paywall, Platform, Prisma, Price, PromotionCode } from "@/lib/db";
import { BadRequestError } from "@/lib/api/errors";
import { fromMinorUnits } from "@/lib/prices/money";
import { discountOn, minimumCharge, payableTotal } from "./discount-math";
import { PROMOTION_ERROR_CODES, codeKeyOf } from "./promotion-schema";
import { storedTargets } from "./promotion-codes";

// Whether a code may discount this purchase for this buyer, and by how much; the checkout and
// the quote run the same checks, from our rows only (no Stripe call on the way to the redirect).

type Code = (typeof PROMOTION_ERROR_CODES)[keyof typeof PROMOTION_ERROR_CODES];

function refuse(code: Code, message: string): never {
  throw new BadRequestError(message, { errors: { promotion_code: [message] } }, code);
}

export type PromotionBuyer = { userId: string | null; email: string | null };

type Args = { platform: Platform; paywall: Paywall; price: Price; amountMinor: number; code: string; now?: Date };

/** The buyer matched by account or e-mail (lower-cased, as stored). */
function buyerMatch(buyer: PromotionBuyer): { userId?: string; email?: string }[] {
  return [...(buyer.userId ? [{ userId: buyer.userId }] : []), ...(buyer.email ? [{ email: buyer.email.toLowerCase() }] : [])];
}

/** Any earlier paid purchase on the platform: a charge in the ledger, or a completed checkout. */
async function hasEarlierPurchase(platformId: string, buyer: PromotionBuyer): Promise<boolean> {
  const match = buyerMatch(buyer);
  if (!match.length) return false;
  const [charge, session] = await Promise.all([
    db.ledgerEntry.findFirst({ where: { platformId, kind: "charge", subscription: { OR: match } }, select: { id: true } }),
    db.checkoutSession.findFirst({ where: { platformId, kind: "purchase", status: "complete", OR: match }, select: { id: true } }),
  ]);
  return Boolean(charge || session);
}

/**
 * Checks a code against a purchase of `price` at `amountMinor` (the tier's amount, or the amount
 * chosen on a pay-what-you-want tier). Without an e-mail or account (a quote for a signed-out
 * visitor) the per-customer checks are left to the checkout.
 */
export async function evaluatePromotion(args: Args & { buyer: PromotionBuyer }): Promise<{ promotion: PromotionCode; discountMinor: number }> {
  const { platform, paywall, price, amountMinor, buyer } = args;
  const now = args.now ?? new Date();
  const promotion = await db.promotionCode.findUnique({ where: { platformId_codeKey: { platformId: platform.id, codeKey: codeKeyOf(args.code) } } });
  if (!promotion || !promotion.active || !promotion.stripePromotionCodeId) refuse(PROMOTION_ERROR_CODES.invalid, "This code is not valid.");
  if (promotion.expiresAt && promotion.expiresAt <= now) refuse(PROMOTION_ERROR_CODES.expired, "This code has expired.");

  const targets = storedTargets(promotion);
  if (targets.length && !targets.some((t) => t.item_type === paywall.itemType && t.item_id === paywall.itemId)) {
    refuse(PROMOTION_ERROR_CODES.notApplicable, `This code does not apply to ${paywall.itemName || "this item"}.`);
  }
  const discountMinor = discountOn(
    amountMinor,
    price.currency,
    promotion.percentOffBps != null ? { percentOffBps: promotion.percentOffBps } : { amountOff: promotion.amountOff!, currency: promotion.currency! },
  );
  if (discountMinor === null) refuse(PROMOTION_ERROR_CODES.notApplicable, `This code only applies to prices in ${promotion.currency!.toUpperCase()}.`);
  // a one-time payment is either free or at least Stripe's minimum; a subscription's small
  // invoice is carried forward by Stripe instead
  const total = amountMinor - discountMinor;
  if (price.interval === "one_time" && !payableTotal(total, price.currency)) {
    const min = fromMinorUnits(minimumCharge(price.currency), price.currency);
    refuse(PROMOTION_ERROR_CODES.notApplicable, `With this code the total would be below the smallest amount that can be charged (${min} ${price.currency.toUpperCase()}).`);
  }

  if (promotion.maxRedemptions != null) {
    const used = await db.promotionRedemption.count({ where: { promotionCodeId: promotion.id } });
    if (used >= promotion.maxRedemptions) refuse(PROMOTION_ERROR_CODES.exhausted, "This code has been used up.");
  }
  const match = buyerMatch(buyer);
  if (match.length) {
    const redeemed = await db.promotionRedemption.findFirst({ where: { promotionCodeId: promotion.id, OR: match }, select: { id: true } });
    if (redeemed) refuse(PROMOTION_ERROR_CODES.alreadyUsed, "You have already used this code.");
    if (promotion.firstTimeOnly && (await hasEarlierPurchase(platform.id, buyer))) {
      refuse(PROMOTION_ERROR_CODES.firstPurchaseOnly, "This code is for a first purchase only.");
    }
  }
  return { promotion, discountMinor };
}

/**
 * The code a checkout was started with: the promotion, what it takes off `amountMinor`, and the
 * `discounts` for the Stripe Checkout Session. Refuses with 400 and a `promotion_code_*` code.
 */
export async function promotionForCheckout(args: {
  platform: Platform;
  paywall: Paywall;
  price: Price;
  amountMinor: number;
  buyer: { userId: string | null; email: string };
  code: string;
}): Promise<{ promotion: PromotionCode; discountMinor: number; stripeDiscounts: [{ promotion_code: string }] }> {
  const { promotion, discountMinor } = await evaluatePromotion(args);
  return { promotion, discountMinor, stripeDiscounts: [{ promotion_code: promotion.stripePromotionCodeId! }] };
}

type Tx = Prisma.TransactionClient;

/**
 * Counts a completed checkout's use of a code. Idempotent: a replayed webhook (same Stripe
 * session) or a second purchase by the same e-mail writes nothing.
 */
export async function recordRedemption(
  tx: Tx,
  r: {
    checkoutSessionId: string;
    stripeSessionId: string;
    promotionCodeId: string;
    platformId: string;
    email: string;
    userId: string | null;
    discountMinor: number;
    currency: string;
  },
): Promise<{ recorded: boolean }> {
  const { count } = await tx.promotionRedemption.createMany({
    skipDuplicates: true,
    data: [
      {
        promotionCodeId: r.promotionCodeId,
        platformId: r.platformId,
        email: r.email.toLowerCase(),
        userId: r.userId,
        stripeSessionId: r.stripeSessionId,
        discountAmount: r.discountMinor,
        currency: r.currency.toLowerCase(),
      },
    ],
  });
  return { recorded: count > 0 };
}
