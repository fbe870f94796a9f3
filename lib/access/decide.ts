import type { DecisionRow } from "./decision-query";
import type { AccessReason } from "./access-check-schema";
import { BUILT_IN_ITEM_TYPES } from "@/lib/platforms/item-types";
import { hasAccessStatus } from "@/lib/subscriptions/statuses";

// The decision tree of SPEC §3, extended with plans and access rules, on the facts one
// decision-query row holds. Pure: the single check and the page of decisions both use it.

/** The metering of the tier that grants access: included units per period, credits per further unit. */
export type Metered = { includedUnits: number; unitCredits: number | null; periodStart: Date; used: number; balance: number };

export type Decision =
  | {
      allowed: true;
      reason: AccessReason;
      subscriptionId: string | null;
      plan: { id: string; name: string } | null;
      rule: { id: string; endsAt: Date | null } | null;
      metered: Metered | null;
    }
  | { allowed: false; reason: AccessReason; subscriptionId: string | null; notFound: boolean; metered: Metered | null };

/** The row's metering, when the granting subscription's tier is metered (no included units = 0). */
export function meteredOf(row: DecisionRow): Metered | null {
  if (!row.metered_price_id || !row.period_start) return null;
  return { includedUnits: row.included_units ?? 0, unitCredits: row.unit_credits, periodStart: row.period_start, used: row.units_used, balance: row.wallet_balance };
}

/** The period's included units are used up and the wallet cannot pay for one more unit. */
export const quotaExhausted = (m: Metered) => m.used >= m.includedUnits && (m.unitCredits == null || m.balance < m.unitCredits);

const BUILT_IN: ReadonlySet<string> = new Set(BUILT_IN_ITEM_TYPES);

export function decide(row: DecisionRow, itemType: string, isOperator: boolean): Decision {
  const allow = (reason: AccessReason, extra: Partial<Extract<Decision, { allowed: true }>> = {}): Decision => ({
    allowed: true,
    reason,
    subscriptionId: null,
    plan: null,
    rule: null,
    metered: null,
    ...extra,
  });
  // a subscription (own or a plan's) grants access only while its tier's quota or the wallet lasts
  const subscribed = (reason: AccessReason, extra: Partial<Extract<Decision, { allowed: true }>>): Decision => {
    const metered = meteredOf(row);
    if (metered && quotaExhausted(metered)) {
      return { allowed: false, reason: "quota_exhausted", subscriptionId: extra.subscriptionId ?? null, notFound: false, metered };
    }
    return allow(reason, { ...extra, metered });
  };
  if (isOperator || row.role === "owner" || row.role === "admin") return allow("admin", { subscriptionId: row.subscription_id });
  if (!row.paywall_id) {
    // a built-in item the catalog does not know does not exist
    if (BUILT_IN.has(itemType) && !row.in_catalog) return { allowed: false, reason: "no_subscription", subscriptionId: null, notFound: true, metered: null };
    return allow("no_paywall");
  }
  if (!row.is_enabled) return allow("paywall_disabled", { subscriptionId: row.subscription_id });
  const status = row.subscription_status;
  if (status && hasAccessStatus(status)) return subscribed(status as AccessReason, { subscriptionId: row.subscription_id });
  if (row.plan_subscription_id && row.plan_uid) {
    return subscribed("plan", { subscriptionId: row.plan_subscription_id, plan: { id: row.plan_uid, name: row.plan_name ?? "" } });
  }
  if (row.rule_id) return allow("rule", { rule: { id: row.rule_id, endsAt: row.rule_ends_at } });
  if (!status && row.allow_free_tier) return allow("free");
  return {
    allowed: false,
    reason: status ? (`subscription_${status}` as AccessReason) : "no_subscription",
    subscriptionId: row.subscription_id,
    notFound: false,
    metered: null,
  };
}
