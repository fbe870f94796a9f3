import "server-only";
import { db, Prisma } from "@/lib/db";
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
  subscription_view: unknown;
  plan_subscription_view: unknown;
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

const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
// jsonb renders timestamp(3) columns (stored in UTC) without a zone
const utc = (v: unknown) => (typeof v === "string" ? new Date(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`) : v instanceof Date ? v : null);

/** A prices row as jsonb (snake_case columns) back to the Prisma shape. */
function priceFromJson(raw: Record<string, unknown>): Price {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) out[camel(k)] = k.endsWith("_at") ? (v == null ? null : utc(v)) : v;
  return out as Price;
}

const json = (v: unknown) => (typeof v === "string" ? JSON.parse(v) : v);

/** A subscription with what its API view shows: its tier, its buyer and its item's name. */
const subscriptionJson = (idColumn: Prisma.Sql) => Prisma.sql`(
  SELECT jsonb_build_object('subscription', to_jsonb(sx), 'price', to_jsonb(px), 'item_name', pwx.item_name,
           'user', CASE WHEN ux.id IS NULL THEN NULL ELSE jsonb_build_object('id', ux.id, 'email', ux.email, 'name', ux.name) END)
    FROM subscriptions sx
    LEFT JOIN prices px ON px.id = sx.price_id
    LEFT JOIN users ux ON ux.id = sx.user_id
    LEFT JOIN paywalls pwx ON pwx.id = sx.paywall_id
   WHERE sx.id = ${idColumn})`;

const pricesJson = (paywallColumn: Prisma.Sql) => Prisma.sql`(
  SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.sort_order, p.amount), '[]'::jsonb)
    FROM prices p WHERE p.paywall_id = ${paywallColumn} AND p.is_active AND p.deleted_at IS NULL)`;

/** A plan `pl` (a paywalls row) contains the requested item. */
const planContains = (pl: string) =>
  Prisma.sql`(${Prisma.raw(pl)}.plan_covers_all OR EXISTS (SELECT 1 FROM plan_items pi WHERE pi.paywall_id = ${Prisma.raw(pl)}.id AND pi.item_type = req.item_type AND pi.item_id = req.item_id))`;

export async function loadDecisions(platformId: string, user: User | null, items: ItemKey[], opts: { offers: boolean }): Promise<DecisionRow[]> {
  if (items.length === 0) return [];
  const userId = user?.id ?? "";
  // e-mail based grants (guest purchases, domain and list rules) need a verified address
  const email = user?.emailVerified ? user.email.toLowerCase() : "";
  const domain = email ? email.slice(email.lastIndexOf("@") + 1) : "";
  const granting = Prisma.join([...ACCESS_STATUSES]);
  const req = Prisma.join(items.map((it, i) => Prisma.sql`(${i}::int, ${it.itemType}::text, ${it.itemId}::text)`));
  const offers = opts.offers
    ? Prisma.sql`${pricesJson(Prisma.sql`pw.id`)} AS prices,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('id', op.unique_id::text, 'name', op.item_name, 'covers_all_items', op.plan_covers_all,
                'prices', ${pricesJson(Prisma.sql`op.id`)}) ORDER BY op.created_at), '[]'::jsonb)
         FROM paywalls op
        WHERE op.platform_id = ${platformId} AND op.item_type = 'plan' AND op.is_enabled AND req.item_type <> 'plan'
          AND ${planContains("op")}) AS plan_offers,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('code', pc.code, 'percent_off_bps', pc.percent_off_bps, 'amount_off', pc.amount_off,
                'currency', pc.currency, 'duration', pc.duration, 'duration_in_months', pc.duration_in_months, 'expires_at', pc.expires_at)
                ORDER BY pc.created_at), '[]'::jsonb)
         FROM promotion_codes pc
        WHERE pc.platform_id = ${platformId} AND pc.is_public AND pc.active AND (pc.expires_at IS NULL OR pc.expires_at > now())
          AND (pc.max_redemptions IS NULL OR (SELECT count(*) FROM promotion_redemptions pr WHERE pr.promotion_code_id = pc.id) < pc.max_redemptions)
          AND (pc.applies_to = '[]'::jsonb
               OR pc.applies_to @> jsonb_build_array(jsonb_build_object('item_type', req.item_type, 'item_id', req.item_id)))) AS promotions,
      ${subscriptionJson(Prisma.sql`s.id`)} AS subscription_view,
      ${subscriptionJson(Prisma.sql`hp.subscription_id`)} AS plan_subscription_view`
    : Prisma.sql`NULL::jsonb AS prices, NULL::jsonb AS plan_offers, NULL::jsonb AS promotions, NULL::jsonb AS subscription_view, NULL::jsonb AS plan_subscription_view`;

  const rows = await db.$queryRaw<RawRow[]>`
    WITH req(ord, item_type, item_id) AS (VALUES ${req}),
    me AS (SELECT m.role::text AS role FROM memberships m WHERE m.platform_id = ${platformId} AND m.user_id = ${userId}),
    held_plans AS (
      SELECT s.id AS subscription_id, s.updated_at, pw.id, pw.unique_id::text AS plan_uid, pw.item_name AS plan_name, pw.plan_covers_all,
             s.price_id, s.interval::text AS sub_interval, s.current_period_start
        FROM subscriptions s
        JOIN paywalls pw ON pw.platform_id = s.platform_id AND pw.item_type = 'plan' AND pw.item_id = s.item_id
       WHERE s.platform_id = ${platformId} AND s.item_type = 'plan'
         AND (s.user_id = ${userId} OR (s.user_id IS NULL AND s.email = ${email} AND ${email} <> ''))
         AND s.status::text IN (${granting})
    ),
    my_rules AS (
      SELECT r.id, r.target_type, r.target_id, r.ends_at FROM access_rules r
       WHERE r.platform_id = ${platformId} AND r.revoked_at IS NULL AND (r.ends_at IS NULL OR r.ends_at > now())
         AND ((r.match = 'role' AND r.role::text = (SELECT role FROM me))
           OR (r.match = 'email_domain' AND ${domain} <> '' AND r.email_domain = ${domain})
           OR (r.match = 'emails' AND ${email} <> '' AND ${email} = ANY (r.emails)))
    )
    SELECT req.ord, (SELECT role FROM me) AS role,
           EXISTS (SELECT 1 FROM catalog_items c WHERE c.platform_id = ${platformId} AND c.item_type = req.item_type AND c.item_id = req.item_id) AS in_catalog,
           pw.id AS paywall_id, pw.unique_id::text AS paywall_uid, pw.is_enabled, pw.allow_free_tier, pw.item_name,
           s.id AS subscription_id, s.status::text AS subscription_status,
           hp.subscription_id AS plan_subscription_id, hp.plan_uid, hp.plan_name,
           ru.id AS rule_id, ru.ends_at AS rule_ends_at,
           mp.id AS metered_price_id, mp.included_units, mp.unit_credits,
           CASE WHEN mp.id IS NOT NULL THEN ds.period_start END AS period_start,
           coalesce(uc.units, 0) AS units_used,
           coalesce(w.balance, 0) AS wallet_balance,
           ${offers}
      FROM req
      LEFT JOIN paywalls pw ON pw.platform_id = ${platformId} AND pw.item_type = req.item_type AND pw.item_id = req.item_id
      LEFT JOIN LATERAL (
        SELECT s.id, s.status, s.price_id, s.interval::text AS sub_interval, s.current_period_start FROM subscriptions s
         WHERE s.platform_id = ${platformId} AND s.item_type = req.item_type AND s.item_id = req.item_id
           AND (s.user_id = ${userId} OR (s.user_id IS NULL AND s.email = ${email} AND ${email} <> ''))
         ORDER BY (s.status::text IN (${granting})) DESC, s.updated_at DESC
         LIMIT 1
      ) s ON TRUE
      LEFT JOIN LATERAL (
        SELECT hp.* FROM held_plans hp
         WHERE req.item_type <> 'plan' AND ${planContains("hp")}
         ORDER BY hp.updated_at DESC LIMIT 1
      ) hp ON TRUE
      LEFT JOIN LATERAL (
        SELECT r.id, r.ends_at FROM my_rules r
         WHERE (r.target_type = req.item_type AND r.target_id = req.item_id)
            OR (r.target_type = 'plan' AND req.item_type <> 'plan' AND EXISTS (
                  SELECT 1 FROM paywalls rp
                   WHERE rp.platform_id = ${platformId} AND rp.item_type = 'plan' AND rp.item_id = r.target_id AND ${planContains("rp")}))
         ORDER BY r.ends_at DESC NULLS FIRST LIMIT 1
      ) ru ON TRUE
      -- the subscription that grants access, as decide() picks it: the own one, else the plan's
      LEFT JOIN LATERAL (
        SELECT d.price_id,
               CASE WHEN d.sub_interval = 'one_time' OR d.current_period_start IS NULL
                    THEN date_trunc('month', now() AT TIME ZONE 'UTC') ELSE d.current_period_start END AS period_start
          FROM (SELECT 0 AS k, s.price_id, s.sub_interval, s.current_period_start WHERE s.status::text IN (${granting})
                UNION ALL
                SELECT 1, hp.price_id, hp.sub_interval, hp.current_period_start WHERE hp.subscription_id IS NOT NULL) d
         ORDER BY d.k LIMIT 1
      ) ds ON TRUE
      LEFT JOIN prices mp ON mp.id = ds.price_id AND (mp.included_units IS NOT NULL OR mp.unit_credits IS NOT NULL)
      LEFT JOIN usage_counters uc ON mp.id IS NOT NULL AND uc.platform_id = ${platformId} AND uc.user_id = ${userId}
        AND uc.item_type = req.item_type AND uc.item_id = req.item_id AND uc.period_start = ds.period_start
      LEFT JOIN wallets w ON mp.id IS NOT NULL AND w.platform_id = ${platformId} AND w.user_id = ${userId}
     ORDER BY req.ord`;

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
