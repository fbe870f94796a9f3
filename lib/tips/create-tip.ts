import "server-only";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { User } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/api/errors";
import type { ItemScope } from "@/lib/api/route-scope";
import { canSell } from "@/lib/checkout/can-sell";
import { checkRedirects, startCheckoutSession } from "@/lib/checkout/checkout-session-row";
import type { CheckoutStarted } from "@/lib/checkout/checkout-schema";
import { toStripeMetadata, type PurchaseMetadata } from "@/lib/checkout/purchase-metadata";
import { env } from "@/lib/config/env";
import { commissionFee } from "@/lib/ledger/money-math";
import { commissionBpsFor } from "@/lib/platforms/commission";
import { AmountError, fromMinorUnits, toMinorUnits } from "@/lib/prices/money";
import { TIP_MESSAGE_MAX, tipBounds, type TipInput } from "./tip-schema";

// "Tip the creator": a one-time destination charge of an amount the buyer chooses, with the
// item's commission, that grants nothing. The webhook records it as a `tip` ledger row and marks
// our checkout row complete (lib/subscriptions/apply-purchase.ts); no purchase row is made.

function itemPageUrl(item: ItemScope) {
  return `${env().APP_URL}/p/${item.platform.key}/items/${encodeURIComponent(item.itemType)}/${encodeURIComponent(item.itemId)}`;
}

/** The tip in minor units, within tipBounds(currency). */
export function tipAmount(amount: string, currency: string): number {
  let minor: number;
  try {
    minor = toMinorUnits(amount, currency);
  } catch (e) {
    if (e instanceof AmountError) throw new BadRequestError("Invalid request body: amount.", { errors: { amount: [e.message] } }, "validation_error");
    throw e;
  }
  const { min, max } = tipBounds(currency);
  if (minor < min || minor > max) {
    const minimum = fromMinorUnits(min, currency);
    const maximum = fromMinorUnits(max, currency);
    throw new BadRequestError(
      `A tip must be between ${minimum} and ${maximum} ${currency.toUpperCase()}.`,
      { errors: { amount: [`Between ${minimum} and ${maximum}.`] }, minimum, maximum },
      "amount_out_of_range",
    );
  }
  return minor;
}

/** The item's display name; 404 when the platform has neither a catalog item nor a paywall for it. */
async function itemName(item: ItemScope): Promise<string> {
  const catalogItem = await db.catalogItem.findUnique({
    where: { platformId_itemType_itemId: { platformId: item.platform.id, itemType: item.itemType, itemId: item.itemId } },
    select: { name: true },
  });
  if (!catalogItem && !item.paywall) throw new NotFoundError("Item not found.");
  return item.paywall?.itemName || catalogItem?.name || item.itemId;
}

/** Starts the Checkout Session of a tip; nothing is stored unless Stripe succeeded. */
export async function createTip(args: { item: ItemScope; user: User | null; input: TipInput }): Promise<CheckoutStarted> {
  const { item, user, input } = args;
  const { platform } = item;
  if (!platform.tipsEnabled) throw new BadRequestError("This platform does not take tips.", {}, "tips_disabled");
  if (!canSell(platform) || !platform.stripeAccountId) {
    throw new BadRequestError("This creator cannot take payments at the moment.", {}, "not_sellable");
  }
  const name = await itemName(item);
  const amount = tipAmount(input.amount, input.currency);
  const email = user?.email ?? input.email;
  if (!email) throw new BadRequestError("email is required.", { errors: { email: ["Required without signing in."] } }, "validation_error");
  checkRedirects(platform, input);

  const bps = commissionBpsFor(platform, item.itemType);
  const message = input.message ? input.message.slice(0, TIP_MESSAGE_MAX) : null;
  const meta: PurchaseMetadata = {
    tollgate: "1",
    platform_key: platform.key,
    item_type: item.itemType,
    item_id: item.itemId,
    paywall_unique_id: item.paywall?.uniqueId ?? "",
    price_unique_id: "",
    user_id: user?.id ?? "",
    email,
    fee_bps: bps,
    purchase_kind: "tip",
  };
  // Stripe keeps at most 500 characters per metadata value
  const metadata = { ...toStripeMetadata(meta), ...(message && { tip_message: message.slice(0, 500) }) };
  const successUrl = input.success_url || itemPageUrl(item);
  const cancelUrl = input.cancel_url || itemPageUrl(item);
  const params: Stripe.Checkout.SessionCreateParams = {
    mode: "payment",
    line_items: [
      {
        price_data: { currency: input.currency, unit_amount: amount, product_data: { name: `Tip for ${name}`.slice(0, 250) } },
        quantity: 1,
      },
    ],
    customer_email: email,
    ...(user && { client_reference_id: user.id }),
    success_url: successUrl,
    cancel_url: cancelUrl,
    metadata,
    payment_intent_data: {
      application_fee_amount: commissionFee(amount, bps),
      transfer_data: { destination: platform.stripeAccountId },
      metadata,
    },
  };
  // a double click within the minute replays the same session; another amount or message is a new one
  return startCheckoutSession({
    platform,
    params,
    what: "start the tip checkout",
    keyPrefix: `tip:${user?.id ?? email}:${platform.key}:${item.itemType}:${item.itemId}`,
    row: {
      kind: "tip",
      paywallId: item.paywall?.id ?? null,
      priceId: null,
      itemType: item.itemType,
      itemId: item.itemId,
      userId: user?.id ?? null,
      email,
      isGuest: !user,
      mode: "payment",
      feeBps: bps,
      successUrl,
      cancelUrl,
      listAmount: amount,
      tipMessage: message,
    },
  });
}
