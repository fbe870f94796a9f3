import "server-only";
import { db, Prisma } from "@/lib/db";
import type { User } from "@/lib/db";
import { NotFoundError } from "@/lib/api/errors";
import type { ItemScope } from "@/lib/api/route-scope";
import type { Caller } from "@/lib/auth/caller";
import { canSell } from "@/lib/checkout/can-sell";
import { BUILT_IN_ITEM_TYPES } from "@/lib/platforms/item-types";
import { activePrices } from "@/lib/prices/active-prices";
import { priceView } from "@/lib/prices/price-view";
import { ACCESS_STATUSES, hasAccessStatus } from "@/lib/subscriptions/statuses";
import { subscriptionView, subscriptionViewInclude } from "@/lib/subscriptions/subscription-view";
import type { AccessCheck, AccessReason } from "./access-check-schema";

export type { AccessReason } from "./access-check-schema";

type DecisionRow = {
  role: string | null;
  in_catalog: boolean;
  subscription_id: string | null;
  subscription_status: string | null;
};

/**
 * The rest of the decision in one indexed round trip: the caller's role, whether the catalog
 * knows the item, and the caller's best subscription row (granting statuses first, newest first;
 * unclaimed guest purchases made with the caller's verified e-mail count as theirs).
 */
async function loadDecision(platformId: string, itemType: string, itemId: string, user: User): Promise<DecisionRow> {
  const email = user.emailVerified ? user.email : "";
  const rows = await db.$queryRaw<DecisionRow[]>`
    SELECT m.role::text AS role,
           EXISTS (SELECT 1 FROM catalog_items c WHERE c.platform_id = ${platformId} AND c.item_type = ${itemType} AND c.item_id = ${itemId}) AS in_catalog,
           s.id AS subscription_id, s.status::text AS subscription_status
      FROM (SELECT 1) AS one
      LEFT JOIN memberships m ON m.platform_id = ${platformId} AND m.user_id = ${user.id}
      LEFT JOIN LATERAL (
        SELECT s.id, s.status FROM subscriptions s
         WHERE s.platform_id = ${platformId} AND s.item_type = ${itemType} AND s.item_id = ${itemId}
           AND (s.user_id = ${user.id} OR (s.user_id IS NULL AND s.email = ${email}))
         ORDER BY (s.status::text IN (${Prisma.join([...ACCESS_STATUSES])})) DESC, s.updated_at DESC
         LIMIT 1
      ) s ON TRUE`;
  return rows[0];
}

export type AccessResult = {
  status: 200 | 402;
  body: AccessCheck;
  /** Set when access was allowed: the caller's first access should be recorded. */
  recordAccess: { platformId: string; itemType: string; itemId: string; userId: string } | null;
};

/**
 * The decision tree of SPEC §3 for an item the route scope resolved (platform visible to the
 * caller, item type normalized, paywall loaded). No Stripe call; the very next check after any
 * write sees it.
 */
export async function checkAccess(caller: Caller, item: ItemScope): Promise<AccessResult> {
  const { platform, paywall, itemType, itemId } = item;
  const row = await loadDecision(platform.id, itemType, itemId, caller.user);
  const isAdmin = caller.isOperator || row.role === "owner" || row.role === "admin";

  const base = { item_type: itemType, item_id: itemId };
  const allow = async (reason: AccessReason, withSubscription = false): Promise<AccessResult> => ({
    status: 200,
    body: {
      ...base,
      has_access: true,
      reason,
      requires_payment: false,
      pricing_available: false,
      pricing: null,
      subscription: withSubscription && row.subscription_id ? await loadSubscription(row.subscription_id) : null,
    },
    recordAccess: { platformId: platform.id, itemType, itemId, userId: caller.user.id },
  });

  if (isAdmin) return allow("admin", true);
  if (!paywall) {
    if ((BUILT_IN_ITEM_TYPES as readonly string[]).includes(itemType) && !row.in_catalog) throw new NotFoundError("Item not found.");
    return allow("no_paywall");
  }
  if (!paywall.isEnabled) return allow("paywall_disabled", true);
  const status = row.subscription_status;
  if (status && hasAccessStatus(status)) return allow(status as AccessReason, true);
  if (!status && paywall.allowFreeTier) return allow("free");

  const prices = await activePrices(paywall.id);
  return {
    status: 402,
    body: {
      ...base,
      has_access: false,
      reason: status ? (`subscription_${status}` as AccessReason) : "no_subscription",
      requires_payment: true,
      // tiers exist but the seller cannot take payments right now: nothing to buy
      pricing_available: prices.length > 0 && canSell(platform),
      pricing: { item_name: paywall.itemName || `${itemType}:${itemId}`, prices: prices.map(priceView) },
      subscription: row.subscription_id ? await loadSubscription(row.subscription_id) : null,
    },
    recordAccess: null,
  };
}

async function loadSubscription(id: string) {
  const s = await db.subscription.findUnique({ where: { id }, include: subscriptionViewInclude });
  return s ? subscriptionView(s) : null;
}

/** First access of a user to an item (feeds grandfathering); a no-op after the first time. */
export async function recordFirstAccess(a: { platformId: string; itemType: string; itemId: string; userId: string }) {
  await db.itemAccess.createMany({ data: [a], skipDuplicates: true });
}
