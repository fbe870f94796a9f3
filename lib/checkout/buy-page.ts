import "server-only";
import { db } from "@/lib/db";
import type { Price } from "@/lib/db";
import { isUuid } from "@/lib/api/route-scope";
import { priceView } from "@/lib/prices/price-view";
import { PLAN_ITEM_TYPE } from "@/lib/plans/plan-schema";
import { canSell } from "./can-sell";
import { buyerPriceSchema, type BuyerPrice } from "./checkout-schema";

export type BuyPageData = NonNullable<Awaited<ReturnType<typeof loadBuyPage>>>;

/** A tier as the buy page shows it: the price view without Stripe ids or timestamps. */
export function buyerPrice(row: Price): BuyerPrice {
  return buyerPriceSchema.parse(priceView(row));
}

/** A prices row as to_jsonb writes it (snake_case, timestamps without a zone, in UTC). */
type PriceJson = {
  id: string; unique_id: string; paywall_id: string; name: string; description: string; amount: number; currency: string;
  interval: Price["interval"]; features: string[]; remark: string; sort_order: number; is_active: boolean; deleted_at: string | null;
  stripe_price_id: string | null; custom_amount_min: number | null; custom_amount_max: number | null; included_units: number | null;
  unit_credits: number | null; grant_credits: number | null; grant_rollover: boolean; created_at: string; updated_at: string;
};

const utc = (t: string) => new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`);

function priceRow(j: PriceJson): Price {
  return {
    id: j.id, uniqueId: j.unique_id, paywallId: j.paywall_id, name: j.name, description: j.description, amount: j.amount, currency: j.currency,
    interval: j.interval, features: j.features, remark: j.remark, sortOrder: j.sort_order, isActive: j.is_active,
    deletedAt: j.deleted_at ? utc(j.deleted_at) : null, stripePriceId: j.stripe_price_id, customAmountMin: j.custom_amount_min,
    customAmountMax: j.custom_amount_max, includedUnits: j.included_units, unitCredits: j.unit_credits, grantCredits: j.grant_credits,
    grantRollover: j.grant_rollover, createdAt: utc(j.created_at), updatedAt: utc(j.updated_at),
  } as Price;
}

type Row = {
  unique_id: string; item_type: string; item_id: string; item_name: string; description: string; trial_period_days: number;
  is_enabled: boolean; plan_covers_all: boolean;
  platform_key: string; platform_name: string; enable_monetization: boolean; stripe_account_id: string | null;
  stripe_details_submitted: boolean; stripe_charges_enabled: boolean; tips_enabled: boolean;
  catalog: { name: string; description: string } | null;
  prices: PriceJson[];
  plans: { id: string; name: string; description: string; covers_all_items: boolean; prices: PriceJson[] }[] | null;
  plan_items: { item_type: string; item_id: string; name: string | null }[] | null;
};

/**
 * Everything the public buy page shows, in one statement (one round trip): the paywall with its
 * platform and active tiers (the tiers a buyer can pick: active, not deleted, in display order,
 * as lib/prices/active-prices.ts), the catalog's name as a fallback, the plans on sale that
 * contain the item, or a plan's included items with their names. Null for an id that is not a
 * paywall (the page answers 404).
 */
export async function loadBuyPage(uniqueId: string) {
  if (!isUuid(uniqueId)) return null;
  const [row] = await db.$queryRaw<Row[]>`
    WITH pw AS (
      SELECT p.*, pl.key AS platform_key, pl.name AS platform_name, pl.enable_monetization, pl.stripe_account_id,
             pl.stripe_details_submitted, pl.stripe_charges_enabled, pl.tips_enabled
      FROM paywalls p JOIN platforms pl ON pl.id = p.platform_id
      WHERE p.unique_id = ${uniqueId}::uuid
    )
    SELECT pw.unique_id::text AS unique_id, pw.item_type, pw.item_id, pw.item_name, pw.description, pw.trial_period_days,
           pw.is_enabled, pw.plan_covers_all, pw.platform_key, pw.platform_name, pw.enable_monetization, pw.stripe_account_id,
           pw.stripe_details_submitted, pw.stripe_charges_enabled, pw.tips_enabled,
           -- a paywall made before the catalog row had a name falls back to the catalog
           (SELECT jsonb_build_object('name', c.name, 'description', c.description) FROM catalog_items c
             WHERE (pw.item_name = '' OR pw.description = '')
               AND c.platform_id = pw.platform_id AND c.item_type = pw.item_type AND c.item_id = pw.item_id) AS catalog,
           (SELECT coalesce(jsonb_agg(to_jsonb(r) ORDER BY r.sort_order, r.amount), '[]'::jsonb) FROM prices r
             WHERE r.paywall_id = pw.id AND r.deleted_at IS NULL AND r.is_active) AS prices,
           CASE WHEN pw.item_type <> ${PLAN_ITEM_TYPE} THEN (
             SELECT coalesce(jsonb_agg(jsonb_build_object('id', o.unique_id::text, 'name', o.item_name, 'description', o.description,
                      'covers_all_items', o.plan_covers_all, 'prices', o.prices) ORDER BY o.created_at), '[]'::jsonb)
             FROM (
               SELECT q.unique_id, q.item_name, q.description, q.plan_covers_all, q.created_at,
                      (SELECT jsonb_agg(to_jsonb(r) ORDER BY r.sort_order, r.amount) FROM prices r
                        WHERE r.paywall_id = q.id AND r.deleted_at IS NULL AND r.is_active) AS prices
               FROM paywalls q
               WHERE q.platform_id = pw.platform_id AND q.item_type = ${PLAN_ITEM_TYPE} AND q.is_enabled
                 AND (q.plan_covers_all OR EXISTS (SELECT 1 FROM plan_items i WHERE i.paywall_id = q.id AND i.item_type = pw.item_type AND i.item_id = pw.item_id))
             ) o WHERE o.prices IS NOT NULL
           ) END AS plans,
           -- a plan's items, named by the catalog, else by their paywall
           CASE WHEN pw.item_type = ${PLAN_ITEM_TYPE} THEN (
             SELECT coalesce(jsonb_agg(jsonb_build_object('item_type', i.item_type, 'item_id', i.item_id,
                      'name', coalesce(c.name, nullif(n.item_name, ''))) ORDER BY i.created_at), '[]'::jsonb)
             FROM plan_items i
             LEFT JOIN catalog_items c ON c.platform_id = i.platform_id AND c.item_type = i.item_type AND c.item_id = i.item_id
             LEFT JOIN paywalls n ON n.platform_id = i.platform_id AND n.item_type = i.item_type AND n.item_id = i.item_id
             WHERE i.paywall_id = pw.id
           ) END AS plan_items
    FROM pw`;
  if (!row) return null;
  const platform = {
    enableMonetization: row.enable_monetization,
    stripeAccountId: row.stripe_account_id,
    stripeDetailsSubmitted: row.stripe_details_submitted,
    stripeChargesEnabled: row.stripe_charges_enabled,
  };
  const sellable = canSell(platform);
  const prices = row.prices.map((p) => buyerPrice(priceRow(p)));
  const plan = row.item_type === PLAN_ITEM_TYPE;
  const plans = (row.plans ?? []).map((o) => ({ id: o.id, name: o.name, description: o.description, covers_all_items: o.covers_all_items, prices: o.prices.map((p) => buyerPrice(priceRow(p))) }));
  return {
    uniqueId: row.unique_id,
    itemType: row.item_type,
    itemId: row.item_id,
    itemName: row.item_name || row.catalog?.name || `${row.item_type}:${row.item_id}`,
    description: row.description || row.catalog?.description || "",
    trialPeriodDays: row.trial_period_days,
    platform: { key: row.platform_key, name: row.platform_name },
    // the checkout endpoints refuse in each of these cases; say so before anyone clicks Pay
    available: row.is_enabled && prices.length > 0 && sellable,
    prices,
    // plans on sale that contain this item (not shown on a plan's own page)
    plans: sellable && !plan ? plans : [],
    planItems: plan ? (row.plan_items ?? []).map((i) => ({ item_type: i.item_type, item_id: i.item_id, name: i.name ?? `${i.item_type}:${i.item_id}` })) : null,
    coversAllItems: row.plan_covers_all,
    tipsEnabled: row.tips_enabled && sellable && !plan,
  };
}
