import crypto from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma, User } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/api/errors";
import { isReadyForPayments } from "@/lib/connect/connect-status";
import { audit } from "@/lib/platforms/audit";
import { BUILT_IN_ITEM_TYPES } from "@/lib/platforms/item-types";
import { isAllowedRedirect } from "@/lib/security/redirect-guard";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import { grandfatherEarlierUsers } from "./grandfathering";
import type { ItemRef } from "./item-ref";
import { paywallStub, paywallView } from "./paywall-view";

export const paywallInput = z.object({
  is_enabled: z.boolean().optional(),
  allow_free_tier: z.boolean().optional(),
  trial_period_days: z.number().int().min(0, "Cannot be negative.").max(730, "At most 730 days.").optional(),
  grandfathering_strategy: z.enum(["free_forever", "require_subscription"]).optional(),
  item_name: z.string().trim().max(255).optional(),
  description: z.string().max(5000).optional(),
  on_successful_payment: z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "Enter an absolute http(s) URL." }).max(500)]).optional(),
  item_metadata: z.json().nullable().optional(),
});
export type PaywallInput = z.infer<typeof paywallInput>;

export function activePrices(paywallId: string) {
  return db.price.findMany({ where: { paywallId, deletedAt: null, isActive: true }, orderBy: [{ sortOrder: "asc" }, { amount: "asc" }] });
}

export async function getPaywall(ref: ItemRef) {
  if (!ref.paywall) return paywallStub(ref.itemType, ref.itemId);
  return paywallView(ref.paywall, ref.platform, await activePrices(ref.paywall.id));
}

/**
 * Creates or updates an item's paywall. The transition to enabled requires a Connect account
 * that can take payments, creates the Stripe product (before any write, so a Stripe failure
 * leaves nothing behind), stamps paywall_enabled_at once and grandfathers earlier users — all
 * in one transaction.
 */
export async function upsertPaywall(ref: ItemRef, input: PaywallInput, actor: User) {
  const { platform, itemType, itemId } = ref;
  const catalogItem = await db.catalogItem.findUnique({ where: { platformId_itemType_itemId: { platformId: platform.id, itemType, itemId } } });
  if ((BUILT_IN_ITEM_TYPES as readonly string[]).includes(itemType) && !catalogItem && !ref.paywall) {
    throw new NotFoundError(`No ${itemType} "${itemId}" in this platform's catalog.`);
  }
  const itemName = input.item_name || ref.paywall?.itemName || catalogItem?.name || "";
  if (!itemName) {
    const why = itemType.startsWith("custom:") ? "Required for custom items." : "Required for items that are not in the catalog.";
    throw new BadRequestError("item_name is required.", { errors: { item_name: [why] } });
  }

  if (input.on_successful_payment && !isAllowedRedirect(input.on_successful_payment, platform)) {
    throw new BadRequestError("on_successful_payment is not allowed.", {
      errors: { on_successful_payment: ["Must be on this app's origin or one of the platform's domains."] },
    });
  }

  const wasEnabled = ref.paywall?.isEnabled ?? false;
  const enabling = (input.is_enabled ?? wasEnabled) && !wasEnabled;
  if (enabling && !isReadyForPayments(platform)) {
    throw new BadRequestError("Stripe Connect is not ready: connect Stripe and finish onboarding before enabling a paywall.");
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
export async function disablePaywall(ref: ItemRef, actor: User): Promise<void> {
  if (!ref.paywall || !ref.paywall.isEnabled) return;
  await db.$transaction(async (tx) => {
    await tx.paywall.update({ where: { id: ref.paywall!.id }, data: { isEnabled: false } });
    await audit({ actorId: actor.id, platformId: ref.platform.id, action: "paywall.disabled", target: `${ref.itemType}/${ref.itemId}` }, tx);
  });
}
