import { db } from "@/lib/db";
import type { User } from "@/lib/db";
import { NotFoundError } from "@/lib/api/errors";
import type { Caller } from "@/lib/auth/caller";
import { BUILT_IN_ITEM_TYPES } from "@/lib/platforms/item-types";
import { priceView } from "@/lib/prices/price-view";
import { subscriptionView } from "@/lib/subscriptions/subscription-view";

export type AccessReason =
  | "admin"
  | "no_paywall"
  | "paywall_disabled"
  | "active"
  | "trialing"
  | "free"
  | "grandfathered"
  | "no_subscription"
  | `subscription_${"past_due" | "canceled" | "incomplete"}`;

type DecisionRow = {
  platform_id: string;
  sellable: boolean;
  role: string | null;
  paywall_id: string | null;
  is_enabled: boolean | null;
  allow_free_tier: boolean | null;
  item_name: string | null;
  in_catalog: boolean;
  subscription_id: string | null;
  subscription_status: string | null;
};

const ACCESS = new Set(["active", "trialing", "free", "grandfathered"]);

/**
 * Everything the decision needs in one indexed round trip: the platform, the caller's role,
 * the paywall, and the caller's best subscription row (access statuses first, newest first;
 * unclaimed guest purchases made with the caller's verified e-mail count as theirs).
 */
async function loadDecision(platformKey: string, itemType: string, itemId: string, user: User): Promise<DecisionRow | null> {
  const email = user.emailVerified ? user.email : "";
  const rows = await db.$queryRaw<DecisionRow[]>`
    SELECT p.id AS platform_id, m.role::text AS role,
           (p.enable_monetization AND p.stripe_account_id IS NOT NULL AND p.stripe_details_submitted AND p.stripe_charges_enabled) AS sellable,
           pw.id AS paywall_id, pw.is_enabled, pw.allow_free_tier, pw.item_name,
           EXISTS (SELECT 1 FROM catalog_items c WHERE c.platform_id = p.id AND c.item_type = ${itemType} AND c.item_id = ${itemId}) AS in_catalog,
           s.id AS subscription_id, s.status::text AS subscription_status
      FROM platforms p
      LEFT JOIN memberships m ON m.platform_id = p.id AND m.user_id = ${user.id}
      LEFT JOIN paywalls pw ON pw.platform_id = p.id AND pw.item_type = ${itemType} AND pw.item_id = ${itemId}
      LEFT JOIN LATERAL (
        SELECT s.id, s.status FROM subscriptions s
         WHERE s.platform_id = p.id AND s.item_type = ${itemType} AND s.item_id = ${itemId}
           AND (s.user_id = ${user.id} OR (s.user_id IS NULL AND s.email = ${email}))
         ORDER BY (s.status IN ('active', 'trialing', 'free', 'grandfathered')) DESC, s.updated_at DESC
         LIMIT 1
      ) s ON TRUE
     WHERE p.key = ${platformKey}`;
  return rows[0] ?? null;
}

export type AccessResult = {
  status: 200 | 402;
  body: {
    has_access: boolean;
    item_type: string;
    item_id: string;
    reason: AccessReason;
    requires_payment: boolean;
    pricing_available: boolean;
    pricing: { item_name: string; prices: ReturnType<typeof priceView>[] } | null;
    subscription: ReturnType<typeof subscriptionView> | null;
  };
  /** Set when access was allowed: the caller's first access should be recorded. */
  recordAccess: { platformId: string; itemType: string; itemId: string; userId: string } | null;
};

/** The decision tree of SPEC §3. No Stripe call; the very next check after any write sees it. */
export async function checkAccess(caller: Caller, platformKey: string, itemType: string, itemId: string): Promise<AccessResult> {
  const row = await loadDecision(platformKey, itemType, itemId, caller.user);
  if (!row) throw new NotFoundError();
  // a token sees only its own platform
  if (caller.tokenPlatformId && caller.tokenPlatformId !== row.platform_id) throw new NotFoundError();
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
    recordAccess: { platformId: row.platform_id, itemType, itemId, userId: caller.user.id },
  });

  if (isAdmin) return allow("admin", true);
  if (!row.paywall_id) {
    if ((BUILT_IN_ITEM_TYPES as readonly string[]).includes(itemType) && !row.in_catalog) throw new NotFoundError("Item not found.");
    return allow("no_paywall");
  }
  if (!row.is_enabled) return allow("paywall_disabled", true);
  if (row.subscription_status && ACCESS.has(row.subscription_status)) return allow(row.subscription_status as AccessReason, true);
  if (!row.subscription_status && row.allow_free_tier) return allow("free");

  const prices = await db.price.findMany({
    where: { paywallId: row.paywall_id, deletedAt: null, isActive: true },
    orderBy: [{ sortOrder: "asc" }, { amount: "asc" }],
  });
  return {
    status: 402,
    body: {
      ...base,
      has_access: false,
      reason: row.subscription_status ? (`subscription_${row.subscription_status}` as AccessReason) : "no_subscription",
      requires_payment: true,
      // tiers exist but the seller cannot take payments right now: nothing to buy
      pricing_available: prices.length > 0 && row.sellable,
      pricing: { item_name: row.item_name || `${itemType}:${itemId}`, prices: prices.map(priceView) },
      subscription: row.subscription_id ? await loadSubscription(row.subscription_id) : null,
    },
    recordAccess: null,
  };
}

async function loadSubscription(id: string) {
  const s = await db.subscription.findUnique({ where: { id }, include: { price: true, user: { select: { id: true, email: true, name: true } }, paywall: { select: { itemName: true } } } });
  return s ? subscriptionView(s) : null;
}

/** First access of a user to an item (feeds grandfathering); a no-op after the first time. */
export async function recordFirstAccess(a: { platformId: string; itemType: string; itemId: string; userId: string }) {
  await db.itemAccess.createMany({ data: [a], skipDuplicates: true });
}
