import "server-only";
import type Stripe from "stripe";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Paywall, Platform, Price, User } from "@/lib/db";
import { BadRequestError, ConflictError } from "@/lib/api/errors";
import { isUuid } from "@/lib/api/route-scope";
import { sendMail } from "@/lib/mail/send-mail";
import { env } from "@/lib/config/env";
import { commissionBpsFor } from "@/lib/platforms/commission";
import { applicationFeePercent, commissionFee } from "@/lib/ledger/money-math";
import { isAllowedRedirect, redirectUrlSchema } from "@/lib/security/redirect-guard";
import { BLOCKING_STATUSES } from "@/lib/subscriptions/statuses";
import { isPlan, planShareUrl } from "@/lib/plans/plans";
import { chosenAmount } from "@/lib/prices/custom-amount";
import { promotionForCheckout } from "@/lib/promotions/apply-promotion";
import { canSell } from "./can-sell";
import { checkRedirects, startCheckoutSession } from "./checkout-session-row";
import type { CheckoutStarted } from "./checkout-schema";
import { toStripeMetadata, type PurchaseMetadata } from "./purchase-metadata";

const email = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address.")).pipe(z.string().max(254));

export const memberCheckoutInput = z.object({
  price_id: z.string().min(1).optional(),
  success_url: redirectUrlSchema.nullish(),
  cancel_url: redirectUrlSchema.nullish(),
  promotion_code: z.string().trim().min(1).max(64).nullish().meta({ description: "A promotion code; checked before Stripe is called (see the quote endpoint)." }),
  amount: z
    .union([z.string().max(32), z.number()])
    .nullish()
    .meta({ description: "Pay what you want: the amount the buyer chose, a decimal string within the tier's `custom_amount` bounds." }),
});
export const guestCheckoutInput = memberCheckoutInput.extend({ email });
export type MemberCheckoutInput = z.infer<typeof memberCheckoutInput>;
export type GuestCheckoutInput = z.infer<typeof guestCheckoutInput>;

export type Buyer = { user: User; email: string } | { user: null; email: string };

export const NOT_AVAILABLE = "This item is not available for purchase right now.";

function itemPageUrl(platform: Platform, paywall: Paywall) {
  // a plan's page is its share link
  if (isPlan(paywall)) return planShareUrl(paywall.uniqueId);
  return `${env().APP_URL}/p/${platform.key}/items/${encodeURIComponent(paywall.itemType)}/${encodeURIComponent(paywall.itemId)}`;
}

/** Chooses the tier to sell by its unique id: it must be a price of this paywall. */
export async function sellablePrice(paywall: Paywall, priceUid: string | undefined | null): Promise<Price> {
  if (!priceUid) throw new BadRequestError("price_id is required.", { errors: { price_id: ["Required."] } }, "validation_error");
  const price = isUuid(priceUid) ? await db.price.findUnique({ where: { uniqueId: priceUid } }) : null;
  if (!price || price.paywallId !== paywall.id) {
    throw new BadRequestError("This price does not belong to this item.", { errors: { price_id: ["Unknown price for this item."] } }, "unknown_price");
  }
  return assertPriceActive(price);
}

/** A tier that was deactivated or removed (or never reached Stripe) cannot be bought. */
export function assertPriceActive(price: Price): Price {
  if (!price.isActive || price.deletedAt || !price.stripePriceId) {
    throw new BadRequestError("This price is no longer available.", { errors: { price_id: ["Inactive price."] } }, "price_inactive");
  }
  return price;
}

async function existingSubscription(platform: Platform, paywall: Paywall, buyer: Buyer) {
  return db.subscription.findFirst({
    where: {
      platformId: platform.id,
      itemType: paywall.itemType,
      itemId: paywall.itemId,
      status: { in: [...BLOCKING_STATUSES] },
      OR: [...(buyer.user ? [{ userId: buyer.user.id }] : []), { email: buyer.email }],
    },
    orderBy: { updatedAt: "desc" },
  });
}

/** A trial is granted once per item, per account and per e-mail. */
async function hadTrial(platform: Platform, paywall: Paywall, buyer: Buyer) {
  const previous = await db.subscription.findFirst({
    where: {
      platformId: platform.id,
      itemType: paywall.itemType,
      itemId: paywall.itemId,
      hadTrial: true,
      OR: [...(buyer.user ? [{ userId: buyer.user.id }] : []), { email: buyer.email }],
    },
    select: { id: true },
  });
  return Boolean(previous);
}

export const GUEST_REFUSED =
  "We could not start a checkout for this e-mail address. If you bought this item before, sign in with that address to open it.";

async function notifyExistingOwner(platform: Platform, paywall: Paywall, email: string) {
  const itemUrl = itemPageUrl(platform, paywall);
  const signIn = `${env().APP_URL}/sign-in?callbackUrl=${encodeURIComponent(new URL(itemUrl).pathname)}`;
  await sendMail({
    to: email,
    subject: `You already have ${paywall.itemName || "this item"}`,
    text: `Someone (perhaps you) tried to buy ${paywall.itemName || "an item"} on ${platform.name} again with this address.\nYou already have it: sign in with this e-mail address to open it:\n${signIn}\n\nIf this was not you, you can ignore this e-mail.`,
  }).catch((e) => console.warn("[checkout] could not send the already-owned notice", e instanceof Error ? e.message : e));
}

/**
 * Creates a Stripe Checkout Session as a destination charge on the operator's account, with the
 * platform's commission as application fee. A double click within the same minute gets the same
 * session (idempotency key per buyer, price and minute). Nothing is stored unless Stripe succeeded.
 */
export async function createCheckout(args: {
  platform: Platform;
  paywall: Paywall;
  price: Price;
  buyer: Buyer;
  successUrl?: string | null;
  cancelUrl?: string | null;
  promotionCode?: string | null;
  amount?: string | number | null;
}): Promise<CheckoutStarted> {
  const { platform, paywall, price, buyer } = args;
  if (!paywall.isEnabled) throw new BadRequestError(`${NOT_AVAILABLE} The paywall is disabled.`, {}, "not_sellable");
  if (!canSell(platform) || !platform.stripeAccountId) {
    throw new BadRequestError(`${NOT_AVAILABLE} The seller cannot take payments at the moment.`, {}, "not_sellable");
  }
  assertPriceActive(price);
  checkRedirects(platform, { success_url: args.successUrl, cancel_url: args.cancelUrl });
  const existing = await existingSubscription(platform, paywall, buyer);
  if (existing) {
    if (buyer.user) {
      throw new ConflictError("You already have an active subscription to this item", { subscription_id: existing.uniqueId }, "already_subscribed");
    }
    // an anonymous caller learns nothing about who owns what; the address's owner is told by e-mail
    await notifyExistingOwner(platform, paywall, buyer.email);
    throw new BadRequestError(GUEST_REFUSED, {}, "guest_checkout_refused");
  }

  const bps = commissionBpsFor(platform, paywall.itemType);
  const recurring = price.interval !== "one_time";
  // what this buyer pays before any discount: the tier's amount, or their own within its bounds
  const listAmount = chosenAmount(price, args.amount);
  const promo = args.promotionCode
    ? await promotionForCheckout({
        platform,
        paywall,
        price,
        amountMinor: listAmount,
        buyer: { userId: buyer.user?.id ?? null, email: buyer.email },
        code: args.promotionCode,
      })
    : null;
  const discount = promo?.discountMinor ?? 0;
  const trialDays = recurring && paywall.trialPeriodDays > 0 && !(await hadTrial(platform, paywall, buyer)) ? paywall.trialPeriodDays : 0;
  const metadata: PurchaseMetadata = {
    tollgate: "1",
    platform_key: platform.key,
    item_type: paywall.itemType,
    item_id: paywall.itemId,
    paywall_unique_id: paywall.uniqueId,
    price_unique_id: price.uniqueId,
    user_id: buyer.user?.id ?? "",
    email: buyer.email,
    fee_bps: bps,
  };
  const configured = paywall.onSuccessfulPayment && isAllowedRedirect(paywall.onSuccessfulPayment, platform) ? paywall.onSuccessfulPayment : null;
  const returnTo = args.successUrl || configured || itemPageUrl(platform, paywall);
  const cancelUrl = args.cancelUrl || itemPageUrl(platform, paywall);
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: recurring ? "subscription" : "payment",
    line_items: [
      listAmount !== price.amount || price.customAmountMin != null
        ? // a chosen amount: an inline price on the tier's product, so the commission is known now
          { price_data: { currency: price.currency, product: paywall.stripeProductId!, unit_amount: listAmount }, quantity: 1 }
        : { price: price.stripePriceId!, quantity: 1 },
    ],
    ...(promo && { discounts: promo.stripeDiscounts }),
    customer_email: buyer.email,
    ...(buyer.user && { client_reference_id: buyer.user.id }),
    success_url: `${env().APP_URL}/checkout/complete?session_id={CHECKOUT_SESSION_ID}`,
    cancel_url: cancelUrl,
    metadata: toStripeMetadata(metadata),
    ...(recurring
      ? {
          subscription_data: {
            application_fee_percent: applicationFeePercent(bps),
            transfer_data: { destination: platform.stripeAccountId },
            ...(trialDays > 0 && { trial_period_days: trialDays }),
            metadata: toStripeMetadata(metadata),
          },
        }
      : {
          payment_intent_data: {
            // the commission is taken on what the buyer really pays (nothing on a purchase a code made free)
            ...(listAmount - discount > 0 && { application_fee_amount: commissionFee(listAmount - discount, bps) }),
            transfer_data: { destination: platform.stripeAccountId },
            metadata: toStripeMetadata(metadata),
          },
        }),
  };
  // the same request within the minute replays; any change (a re-priced tier, new URLs) is a new key
  return startCheckoutSession({
    platform,
    params,
    what: "start the checkout",
    keyPrefix: `checkout:${buyer.user?.id ?? buyer.email}:${price.uniqueId}`,
    row: {
      paywallId: paywall.id,
      priceId: price.id,
      itemType: paywall.itemType,
      itemId: paywall.itemId,
      userId: buyer.user?.id ?? null,
      email: buyer.email,
      isGuest: !buyer.user,
      mode: params.mode!,
      feeBps: bps,
      successUrl: returnTo,
      cancelUrl,
      trialPeriodDays: trialDays,
      listAmount,
      discountAmount: discount,
      promotionCodeId: promo?.promotion.id ?? null,
    },
  });
}
