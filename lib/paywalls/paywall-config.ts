import "server-only";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma, User } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/api/errors";
import { hasPaymentsAccount } from "@/lib/checkout/can-sell";
import { audit } from "@/lib/platforms/audit";
import { BUILT_IN_ITEM_TYPES } from "@/lib/platforms/item-types";
import { isAllowedRedirect } from "@/lib/security/redirect-guard";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import type { ItemScope } from "@/lib/api/route-scope";
import { activePrices } from "@/lib/prices/active-prices";
import { grandfatherEarlierUsers } from "./grandfathering";
import type { PaywallInput, PaywallStub, PaywallView } from "./paywall-schema";
import { paywallStub, paywallView } from "./paywall-view";

export async function getPaywall(ref: ItemScope): Promise<PaywallView | PaywallStub> {
  if (!ref.paywall) return paywallStub(ref.itemType, ref.itemId);
  return paywallView(ref.paywall, ref.platform, await activePrices(ref.paywall.id));
}

/**
 * Creates or updates an item's paywall. The transition to enabled requires a Connect account
 * that can take payments, creates the Stripe product (before any write, so a Stripe failure
 * leaves nothing behind), stamps paywall_enabled_at once and grandfathers earlier users — all
 * in one transaction.
 */
export async function upsertPaywall(ref: ItemScope, input: PaywallInput, actor: User): Promise<PaywallView> {
  const { platform, itemType, itemId } = ref;
  const catalogItem = await db.catalogItem.findUnique({ where: { platformId_itemType_itemId: { platformId: platform.id, itemType, itemId } } });
  if ((BUILT_IN_ITEM_TYPES as readonly string[]).includes(itemType) && !catalogItem && !ref.paywall) {
    throw new NotFoundError(`No ${itemType} "${itemId}" in this platform's catalog.`);
  }
  const itemName = input.item_name || ref.paywall?.itemName || catalogItem?.name || "";
  if (!itemName) {
    const why = itemType.startsWith("custom:") ? "Required for custom items." : "Required for items that are not in the catalog.";
    throw new BadRequestError("item_name is required.", { errors: { item_name: [why] } }, "validation_error");
  }

  if (input.on_successful_payment && !isAllowedRedirect(input.on_successful_payment, platform)) {
    throw new BadRequestError("on_successful_payment is not allowed.", {
      errors: { on_successful_payment: ["Must be on this app's origin or one of the platform's domains."] },
    }, "validation_error");
  }

  const wasEnabled = ref.paywall?.isEnabled ?? false;
  const enabling = (input.is_enabled ?? wasEnabled) && !wasEnabled;
  if (enabling && !hasPaymentsAccount(platform)) {
    throw new BadRequestError("Stripe Connect is not ready: connect Stripe and finish onboarding before enabling a paywall.", {}, "connect_not_ready");
  }

  const uniqueId = ref.paywall?.uniqueId ?? crypto.randomUUID();
  const description = input.description ?? ref.paywall?.description ?? catalogItem?.description ?? "";
  let stripeProductId = ref.paywall?.stripeProductId ?? null;
  if (enabling && !stripeProductId) {
    const product = await callStripe("create the Stripe product", () =>
      stripe().products.create(
        {
          name: itemName,
          ...(description ? { description: description.slice(0, 5000) } : {}),
          metadata: { platform_key: platform.key, item_type: itemType, item_id: itemId, paywall_unique_id: uniqueId },
        },
        { idempotencyKey: `product:${uniqueId}` },
      ),
    );
    stripeProductId = product.id;
  }

  const fields = {
    itemName,
    description,
    ...(input.allow_free_tier !== undefined && { allowFreeTier: input.allow_free_tier }),
    ...(input.trial_period_days !== undefined && { trialPeriodDays: input.trial_period_days }),
    ...(input.grandfathering_strategy !== undefined && { grandfatheringStrategy: input.grandfathering_strategy }),
    ...(input.on_successful_payment !== undefined && { onSuccessfulPayment: input.on_successful_payment }),
    ...(input.item_metadata !== undefined && { itemMetadata: (input.item_metadata ?? undefined) as Prisma.InputJsonValue | undefined }),
    ...(input.is_enabled !== undefined && { isEnabled: input.is_enabled }),
    stripeProductId,
  };

  const paywall = await db.$transaction(async (tx) => {
    let row = await tx.paywall.upsert({
      where: { platformId_itemType_itemId: { platformId: platform.id, itemType, itemId } },
      create: { uniqueId, platformId: platform.id, itemType, itemId, ...fields },
      update: fields,
    });
    let grandfathered = 0;
    if (enabling) {
      if (!row.paywallEnabledAt) row = await tx.paywall.update({ where: { id: row.id }, data: { paywallEnabledAt: new Date() } });
      grandfathered = await grandfatherEarlierUsers(tx, row);
    }
    await audit(
      {
        actorId: actor.id,
        platformId: platform.id,
        action: ref.paywall ? "paywall.updated" : "paywall.created",
        target: `${itemType}/${itemId}`,
        data: { ...input, item_metadata: undefined, enabled_now: enabling, grandfathered } as Prisma.InputJsonValue,
      },
      tx,
    );
    return row;
  });

  // keep the Stripe product's name in step; best effort, the paywall is already saved
  if (stripeProductId && ref.paywall && (ref.paywall.itemName !== itemName || ref.paywall.description !== description)) {
    stripe()
      .products.update(stripeProductId, { name: itemName, ...(description ? { description: description.slice(0, 5000) } : {}) })
      .catch((e) => console.warn("[paywalls] product sync failed", e instanceof Error ? e.message : e));
  }
  return paywallView(paywall, platform, await activePrices(paywall.id));
}

/** Disables the paywall; prices and subscriptions stay. Idempotent. */
export async function disablePaywall(ref: ItemScope, actor: User): Promise<void> {
  if (!ref.paywall || !ref.paywall.isEnabled) return;
  await db.$transaction(async (tx) => {
    await tx.paywall.update({ where: { id: ref.paywall!.id }, data: { isEnabled: false } });
    await audit({ actorId: actor.id, platformId: ref.platform.id, action: "paywall.disabled", target: `${ref.itemType}/${ref.itemId}` }, tx);
  });
}
