import "server-only";
import { db } from "@/lib/db";
import type { Platform, Price, Subscription } from "@/lib/db";
import { NotFoundError } from "@/lib/api/errors";
import type { ItemScope } from "@/lib/api/route-scope";
import type { Caller } from "@/lib/auth/caller";
import { canSell } from "@/lib/checkout/can-sell";
import { planShareUrl } from "@/lib/plans/plans";
import type { PlanOffer } from "@/lib/plans/plan-schema";
import { priceView } from "@/lib/prices/price-view";
import { subscriptionView } from "@/lib/subscriptions/subscription-view";
import { modelFromJson } from "@/lib/db/row-shape";
import { topUpUrl } from "@/lib/wallets/top-up-url";
import type { AccessCheck, AccessQuota } from "./access-check-schema";
import { decide, type Decision, type Metered } from "./decide";
import { loadDecisions, type DecisionRow, type PlanOfferRow } from "./decision-query";

export type { AccessReason } from "./access-check-schema";

export type AccessResult = {
  status: 200 | 402;
  body: AccessCheck;
  /** Set when access was allowed: the caller's first access should be recorded. */
  recordAccess: { platformId: string; itemType: string; itemId: string; userId: string } | null;
};

export function quotaView(m: Metered | null): AccessQuota | null {
  return m && { included_units: m.includedUnits, unit_credits: m.unitCredits, used: m.used, period_start: m.periodStart.toISOString() };
}

/** Plans on sale that contain the item and have a tier to buy. */
export function planOffers(rows: PlanOfferRow[] | null): PlanOffer[] {
  return (rows ?? [])
    .filter((o) => o.prices.length > 0)
    .map((o) => ({ id: o.id, name: o.name, covers_all_items: o.covers_all_items, share_url: planShareUrl(o.id), prices: o.prices.map(priceView) }));
}

/** What a denial offers: the item's tiers (when the seller can take payments) and the plans that contain it. */
export function denialOffers(platform: Platform, row: DecisionRow, label: string) {
  const prices: Price[] = row.prices ?? [];
  const plans = planOffers(row.plan_offers);
  return {
    pricing_available: (prices.length > 0 || plans.length > 0) && canSell(platform),
    pricing: { item_name: row.item_name || label, prices: prices.map(priceView) },
    plans: canSell(platform) ? plans : [],
  };
}

/**
 * The decision tree of SPEC §3 (with plans and access rules) for an item the route scope resolved
 * (platform visible to the caller, item type normalized). One indexed round trip decides, and
 * carries the offers of a denial; the subscription that decided is read for the body. No Stripe
 * call: the very next check after any write sees it.
 */
export async function checkAccess(caller: Caller, item: ItemScope): Promise<AccessResult> {
  const { platform, itemType, itemId } = item;
  const [row] = await loadDecisions(platform.id, caller.user, [{ itemType, itemId }], { offers: true });
  const decision: Decision = decide(row, itemType, caller.isOperator);
  const base = { item_type: itemType, item_id: itemId, plan: null, rule: null, plans: [], quota: quotaView(decision.metered), top_up_url: null };
  if (decision.allowed) {
    return {
      status: 200,
      body: {
        ...base,
        has_access: true,
        reason: decision.reason,
        requires_payment: false,
        pricing_available: false,
        pricing: null,
        subscription: subscriptionOf(row, decision.subscriptionId),
        plan: decision.plan,
        rule: decision.rule ? { id: decision.rule.id, ends_at: decision.rule.endsAt?.toISOString() ?? null } : null,
      },
      recordAccess: { platformId: platform.id, itemType, itemId, userId: caller.user.id },
    };
  }
  if (decision.notFound) throw new NotFoundError("Item not found.");
  return {
    status: 402,
    body: {
      ...base,
      has_access: false,
      reason: decision.reason,
      requires_payment: true,
      ...denialOffers(platform, row, `${itemType}:${itemId}`),
      subscription: subscriptionOf(row, decision.subscriptionId),
      top_up_url: decision.reason === "quota_exhausted" ? topUpUrl(platform.key) : null,
    },
    recordAccess: null,
  };
}

type SubscriptionJson = { subscription: unknown; price: unknown; item_name: string | null; user: { id: string; email: string; name: string | null } | null };

/** The deciding subscription (own or plan), read with the decision: no second query. */
function subscriptionOf(row: DecisionRow, id: string | null) {
  if (!id) return null;
  const views = (typeof row.subscription_views === "string" ? JSON.parse(row.subscription_views) : row.subscription_views) as SubscriptionJson[] | null;
  const raw = views?.find((v) => (v.subscription as { id?: string } | null)?.id === id);
  if (!raw) return null;
  const subscription = modelFromJson<Subscription>(db, "Subscription", raw.subscription)!;
  const price = modelFromJson<Price>(db, "Price", raw.price);
  return subscriptionView({ ...subscription, price, user: raw.user, paywall: raw.item_name == null ? null : { itemName: raw.item_name } });
}

/** Keys this process has recorded: a returning caller's checks write nothing. Bounded; forgetting only costs one no-op insert. */
const recorded = new Set<string>();
const MAX_RECORDED = 100_000;

/** First access of a user to an item (feeds grandfathering); written once, after the response. */
export function firstAccessToRecord(a: { platformId: string; itemType: string; itemId: string; userId: string }): boolean {
  const key = [a.platformId, a.itemType, a.itemId, a.userId].join("\u0000");
  if (recorded.has(key)) return false;
  if (recorded.size >= MAX_RECORDED) recorded.clear();
  recorded.add(key);
  return true;
}

export async function recordFirstAccess(a: { platformId: string; itemType: string; itemId: string; userId: string }) {
  try {
    await db.itemAccess.createMany({ data: [a], skipDuplicates: true });
  } catch (e) {
    // not written: the next check tries again
    recorded.delete([a.platformId, a.itemType, a.itemId, a.userId].join("\u0000"));
    throw e;
  }
}
