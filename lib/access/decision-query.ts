import "server-only";
import { db } from "@/lib/db";
import { hotQuery } from "@/lib/db/hot-query";
import { jsonTimestamp, modelFromJson } from "@/lib/db/row-shape";
import type { Price, User } from "@/lib/db";
import { ACCESS_STATUSES } from "@/lib/subscriptions/statuses";

// Every fact an access decision needs, for one item or a whole page of them, in ONE indexed
// round trip: the caller's role, whether the catalog knows each item, its paywall, the caller's
// best own subscription, a held plan that contains it, an access rule that matches the caller,
// the metering of the subscription (own or plan) that grants it — its tier's included units and
// credits per further unit, the caller's units counted this period and wallet balance — and (when
// asked) the offers to show on a denial — active tiers and the plans on sale that contain the item.

export type ItemKey = { itemType: string; itemId: string };

export type PlanOfferRow = { id: string; name: string; covers_all_items: boolean; prices: Price[] };

export type PromotionOfferRow = {
  code: string;
  percent_off_bps: number | null;
  amount_off: number | null;
  currency: string | null;
  duration: "once" | "repeating" | "forever";
  duration_in_months: number | null;
  expires_at: Date | null;
};

export type DecisionRow = {
  ord: number;
  role: string | null;
  in_catalog: boolean;
  paywall_id: string | null;
  paywall_uid: string | null;
  is_enabled: boolean | null;
  allow_free_tier: boolean | null;
  item_name: string | null;
  subscription_id: string | null;
  subscription_status: string | null;
  plan_subscription_id: string | null;
  plan_uid: string | null;
  plan_name: string | null;
  rule_id: string | null;
  rule_ends_at: Date | null;
  /** The granting subscription's tier when it is metered (included units or credits per unit), else null. */
  metered_price_id: string | null;
  included_units: number | null;
  unit_credits: number | null;
  /** The metering period: the subscription's current period start, the UTC calendar month for a one-time tier. */
  period_start: Date | null;
  units_used: number;
  wallet_balance: number;
  prices: Price[] | null;
  plan_offers: PlanOfferRow[] | null;
  promotions: PromotionOfferRow[] | null;
  /** With offers: the own and the plan subscription as subscriptionView reads them (jsonb rows). */
  subscription_views: unknown;
};

type RawRow = Omit<DecisionRow, "prices" | "plan_offers" | "promotions" | "ord" | "rule_ends_at" | "period_start" | "units_used" | "wallet_balance"> & {
  promotions: unknown;
  ord: number | bigint;
  rule_ends_at: Date | string | null;
  period_start: Date | string | null;
  units_used: number | bigint | null;
  wallet_balance: number | bigint | null;
  prices: unknown;
  plan_offers: unknown;
};

// jsonb renders timestamp(3) columns (stored in UTC) without a zone
const utc = (v: unknown) => (typeof v === "string" ? jsonTimestamp(v) : v instanceof Date ? v : null);

/** A prices row as jsonb back to the Prisma shape. */
const priceFromJson = (raw: Record<string, unknown>): Price => modelFromJson<Price>(db, "Price", raw)!;

const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

export async function loadDecisions(platformId: string, user: User | null, items: ItemKey[], opts: { offers: boolean }): Promise<DecisionRow[]> {
  if (items.length === 0) return [];
  const userId = user?.id ?? "";
  // e-mail based grants (guest purchases, domain and list rules) need a verified address
  const email = user?.emailVerified ? user.email.toLowerCase() : "";
  const domain = email ? email.slice(email.lastIndexOf("@") + 1) : "";
  const types = items.map((it) => it.itemType);
  const ids = items.map((it) => it.itemId);
  // the statement lives in the database (migration 20261202155000_access_decision_function) so that
  // its plan is prepared once per connection instead of on every check
  const rows = await hotQuery<RawRow>(
    "access_decisions",
    "SELECT * FROM access_decisions($1::text, $2::text, $3::text, $4::text, $5::text[], $6::text[], $7::text[], $8::boolean)",
    [platformId, userId, email, domain, [...ACCESS_STATUSES], types, ids, opts.offers],
  );

  return rows.map((r) => ({
    ...r,
    ord: Number(r.ord),
    rule_ends_at: r.rule_ends_at == null ? null : (utc(r.rule_ends_at) as Date),
    period_start: r.period_start == null ? null : (utc(r.period_start) as Date),
    units_used: Number(r.units_used ?? 0),
    wallet_balance: Number(r.wallet_balance ?? 0),
    prices: r.prices == null ? null : (json(r.prices) as Record<string, unknown>[]).map(priceFromJson),
    plan_offers:
      r.plan_offers == null
        ? null
        : (json(r.plan_offers) as { id: string; name: string; covers_all_items: boolean; prices: Record<string, unknown>[] }[]).map((o) => ({
            ...o,
            prices: o.prices.map(priceFromJson),
          })),
    promotions:
      r.promotions == null
        ? null
        : (json(r.promotions) as (Omit<PromotionOfferRow, "expires_at"> & { expires_at: string | null })[]).map((p) => ({
            ...p,
            expires_at: p.expires_at == null ? null : (utc(p.expires_at) as Date),
          })),
  }));
}
