import "server-only";
import type Stripe from "stripe";
import type { Platform, User } from "@/lib/db";
import { BadRequestError } from "@/lib/api/errors";
import { canSell } from "@/lib/checkout/can-sell";
import { checkRedirects, startCheckoutSession } from "@/lib/checkout/checkout-session-row";
import { toStripeMetadata, type PurchaseMetadata } from "@/lib/checkout/purchase-metadata";
import { findCreditPack } from "@/lib/credit-packs/credit-packs";
import type { TopUpInput, TopUpStarted } from "@/lib/credit-packs/credit-pack-schema";
import { commissionFee } from "@/lib/ledger/money-math";
import { commissionBpsFor } from "@/lib/platforms/commission";
import { topUpUrl } from "@/lib/wallets/top-up-url";

// A top-up is a one-time destination charge for a credit pack with the platform's commission, like
// any sale. It grants no access: the webhook adds the pack's credits to the buyer's wallet once
// (lib/top-up/apply-top-up.ts) and the ledger records a `charge` of item `credit_pack`.

export const TOP_UP_ITEM_TYPE = "credit_pack";

/** Pseudonymous users made for a platform's external ids have no real address to prefill. */
const realEmail = (email: string) => (email.endsWith("@external.invalid") ? null : email);

/** Starts the Checkout Session of a top-up of `user`'s wallet; nothing is stored unless Stripe succeeded. */
export async function createTopUp(args: { platform: Platform; user: User; input: TopUpInput }): Promise<TopUpStarted> {
  const { platform, user, input } = args;
  const pack = await findCreditPack(platform, input.pack_id, { includeInactive: true });
  if (!pack.isActive) throw new BadRequestError("This credit pack is no longer for sale.", {}, "pack_inactive");
  if (!canSell(platform) || !platform.stripeAccountId) {
    throw new BadRequestError("This creator cannot take payments at the moment.", {}, "not_sellable");
  }
  checkRedirects(platform, input);

  const bps = commissionBpsFor(platform, TOP_UP_ITEM_TYPE);
  const meta: PurchaseMetadata = {
    tollgate: "1",
    platform_key: platform.key,
    item_type: TOP_UP_ITEM_TYPE,
    item_id: pack.id,
    paywall_unique_id: "",
    price_unique_id: "",
    user_id: user.id,
    email: user.email,
    fee_bps: bps,
    purchase_kind: "top_up",
  };
  // the credits bought travel with the payment, so the webhook needs nothing but Stripe's objects
  const metadata = { ...toStripeMetadata(meta), credits: String(pack.credits) };
  const wallet = topUpUrl(platform.key);
  const successUrl = input.success_url || `${wallet}?topped_up={CHECKOUT_SESSION_ID}`;
  const cancelUrl = input.cancel_url || wallet;
  const email = realEmail(user.email);
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    line_items: [
      {
        price_data: {
          currency: pack.currency,
          unit_amount: pack.amount,
          product_data: { name: `${pack.name} (${pack.credits} credits)`.slice(0, 250) },
        },
        quantity: 1,
      },
    ],
    ...(email && { customer_email: email }),
    client_reference_id: user.id,
    success_url: successUrl,
    cancel_url: cancelUrl,
    metadata,
    payment_intent_data: {
      application_fee_amount: commissionFee(pack.amount, bps),
      transfer_data: { destination: platform.stripeAccountId },
      metadata,
    },
  };
  const started = await startCheckoutSession({
    platform,
    params,
    what: "start the top-up checkout",
    keyPrefix: `top_up:${user.id}:${platform.key}:${pack.id}`,
    row: {
      kind: "top_up",
      paywallId: null,
      priceId: null,
      itemType: TOP_UP_ITEM_TYPE,
      itemId: pack.id,
      creditPackId: pack.id,
      credits: pack.credits,
      userId: user.id,
      email: user.email,
      isGuest: false,
      mode: "payment",
      feeBps: bps,
      successUrl,
      cancelUrl,
      listAmount: pack.amount,
    },
  });
  return started;
}
