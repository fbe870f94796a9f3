import "server-only";
import { db } from "@/lib/db";
import type { ModelPrice, ModelProvider, Platform, Wallet } from "@/lib/db";

// Everything a proxied completion needs before the provider is called — the token's platform,
// whether its user administers it, the model's price and provider, the end user and their
// wallet (balance, caps, period spend) — read in ONE round trip, fresh on every request: a price
// change or a top-up is seen by the next one.

export type ProxyPlatform = Pick<Platform, "id" | "key" | "name" | "defaultDailyCap" | "defaultMonthlyCap">;
export type PricedModel = Pick<ModelPrice, "model" | "upstreamModel" | "promptMicrosPer1k" | "completionMicrosPer1k" | "markupBps" | "minCredits" | "itemType" | "itemId" | "isActive"> & {
  provider: Pick<ModelProvider, "baseUrl" | "apiKeyCiphertext">;
};
export type WalletState = Pick<Wallet, "balance" | "dailyCap" | "monthlyCap" | "userDailyCap" | "userMonthlyCap" | "dayStart" | "daySpent" | "monthStart" | "monthSpent">;

export type ProxyContext = {
  platform: ProxyPlatform;
  /** the token's user is an owner or admin of the platform (or an operator) */
  isAdmin: boolean;
  price: PricedModel | null;
  /** the end user `ref` names (the platform's external id first, then a Tollgate user id); null when unknown */
  userId: string | null;
  /** their wallet on the platform; null when they have none yet */
  wallet: WalletState | null;
};

type Row = {
  id: string;
  key: string;
  name: string;
  default_daily_cap: number | null;
  default_monthly_cap: number | null;
  role: string | null;
  price_model: string | null;
  upstream_model: string | null;
  prompt_micros_per_1k: number | null;
  completion_micros_per_1k: number | null;
  markup_bps: number | null;
  min_credits: number | null;
  item_type: string | null;
  item_id: string | null;
  is_active: boolean | null;
  base_url: string | null;
  api_key_ciphertext: string | null;
  user_id: string | null;
  balance: number | null;
  daily_cap: number | null;
  monthly_cap: number | null;
  user_daily_cap: number | null;
  user_monthly_cap: number | null;
  day_start: Date | null;
  day_spent: number | null;
  month_start: Date | null;
  month_spent: number | null;
};

/** The request's context, or null when the token's platform is gone. */
export async function proxyContext(input: { platformId: string; tokenUserId: string; isOperator: boolean; model: string; ref: string }): Promise<ProxyContext | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT p.id, p.key, p.name, p.default_daily_cap, p.default_monthly_cap,
           m.role::text AS role,
           mp.model AS price_model, mp.upstream_model, mp.prompt_micros_per_1k, mp.completion_micros_per_1k,
           mp.markup_bps, mp.min_credits, mp.item_type, mp.item_id, mp.is_active,
           pr.base_url, pr.api_key_ciphertext,
           eu.user_id,
           w.balance, w.daily_cap, w.monthly_cap, w.user_daily_cap, w.user_monthly_cap,
           w.day_start, w.day_spent, w.month_start, w.month_spent
      FROM platforms p
      LEFT JOIN memberships m ON m.platform_id = p.id AND m.user_id = ${input.tokenUserId}
      LEFT JOIN model_prices mp ON mp.platform_id = p.id AND mp.model = ${input.model}
      LEFT JOIN model_providers pr ON pr.id = mp.provider_id
      -- the platform's own ids are its namespace: a Tollgate user id only when none maps
      LEFT JOIN LATERAL (
        SELECT COALESCE(
          (SELECT x.user_id FROM external_users x WHERE x.platform_id = p.id AND x.external_id = ${input.ref}),
          (SELECT u.id FROM users u WHERE u.id = ${input.ref})
        ) AS user_id
      ) eu ON true
      LEFT JOIN wallets w ON w.platform_id = p.id AND w.user_id = eu.user_id
     WHERE p.id = ${input.platformId}`;
  const r = rows[0];
  if (!r) return null;
  return {
    platform: { id: r.id, key: r.key, name: r.name, defaultDailyCap: r.default_daily_cap, defaultMonthlyCap: r.default_monthly_cap },
    isAdmin: input.isOperator || r.role === "owner" || r.role === "admin",
    price:
      r.price_model === null
        ? null
        : {
            model: r.price_model,
            upstreamModel: r.upstream_model,
            promptMicrosPer1k: r.prompt_micros_per_1k!,
            completionMicrosPer1k: r.completion_micros_per_1k!,
            markupBps: r.markup_bps!,
            minCredits: r.min_credits!,
            itemType: r.item_type,
            itemId: r.item_id,
            isActive: r.is_active!,
            provider: { baseUrl: r.base_url, apiKeyCiphertext: r.api_key_ciphertext },
          },
    userId: r.user_id,
    wallet:
      r.balance === null
        ? null
        : {
            balance: r.balance,
            dailyCap: r.daily_cap,
            monthlyCap: r.monthly_cap,
            userDailyCap: r.user_daily_cap,
            userMonthlyCap: r.user_monthly_cap,
            dayStart: r.day_start!,
            daySpent: r.day_spent!,
            monthStart: r.month_start!,
            monthSpent: r.month_spent!,
          },
  };
}
