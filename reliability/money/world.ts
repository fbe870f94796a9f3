// The selling side every money scenario needs, set up through the app's HTTP API the way an
// operator and the platform owners do it: acme and globex connected to Stripe Connect (Local
// Stripe's onboarding control stands in for the hosted form), paywalled items with their tiers.
import { signIn } from "../support/stack";
import { Api, LocalStripeControl, ok, type Json } from "./http";

export type Interval = "month" | "year" | "one_time";
export type TierSpec = { key: string; name: string; amount: string; currency: string; interval: Interval };
export type ItemSpec = { pk: string; type: string; id: string; trialDays: number; tiers: TierSpec[] };
export type SoldItem = ItemSpec & { uid: string; prices: Record<string, { uid: string; stripePriceId: string }> };

export const OWNERS: Record<string, string> = { acme: "owner@acme.test", globex: "owner@globex.test" };

export function itemPath(pk: string, type: string, id: string) {
  return `/api/billing/platforms/${pk}/items/${encodeURIComponent(type)}/${encodeURIComponent(id)}`;
}

export type Sellers = {
  operator: Api;
  owners: Record<string, Api>;
  accounts: Record<string, string>;
};

/** Signs in the operator and both owners; turns monetization on for every platform named. */
export async function signInSellers(base: string, platforms: string[]): Promise<Sellers> {
  const operator = new Api(base, await signIn(base, "operator@tollgate.test"));
  const owners: Record<string, Api> = {};
  for (const pk of platforms) {
    owners[pk] = new Api(base, await signIn(base, OWNERS[pk]));
    await ok(operator.patch(`/api/operator/platforms/${pk}`, { enable_monetization: true, show_paywall: true }), `enable monetization on ${pk}`);
  }
  return { operator, owners, accounts: {} };
}

/** Connect onboarding through the API, completed by Local Stripe's control, then a status refresh. */
export async function connectPlatform(s: Sellers, ls: LocalStripeControl, pk: string): Promise<string> {
  const owner = s.owners[pk];
  const back = `${owner.base}/account?profileTab=monetization`;
  const started = await ok(owner.post(`/api/service/platforms/${pk}/stripe/connect/onboard/`, { return_url: back, refresh_url: back, business_type: "company" }), `onboard ${pk}`);
  const accountId = started.account_id as string;
  await ls.control(`accounts/${accountId}/onboard`);
  await ls.flush();
  const status = await ok(owner.get(`/api/service/platforms/${pk}/stripe/connect/status/?refresh=1`), `connect status ${pk}`);
  if (!status.charges_enabled && !status.is_ready && status.status !== "active") {
    // shapes differ between versions; charges_enabled is what checkout needs
    if (JSON.stringify(status).includes('"charges_enabled":false')) throw new Error(`${pk} not ready after onboarding: ${JSON.stringify(status)}`);
  }
  s.accounts[pk] = accountId;
  return accountId;
}

/** Enables the paywall of a catalog item and adds its tiers. */
export async function sellItem(s: Sellers, spec: ItemSpec): Promise<SoldItem> {
  const owner = s.owners[spec.pk];
  const base = itemPath(spec.pk, spec.type, spec.id);
  const paywall = await ok(
    owner.put(`${base}/paywall/`, { is_enabled: true, trial_period_days: spec.trialDays, allow_free_tier: false, grandfathering_strategy: "require_subscription" }),
    `paywall ${spec.id}`,
  );
  const prices: SoldItem["prices"] = {};
  for (const [i, t] of spec.tiers.entries()) {
    const p: Json = await ok(owner.post(`${base}/paywall/prices/`, { name: t.name, amount: t.amount, currency: t.currency, interval: t.interval, sort_order: i }), `price ${spec.id}/${t.key}`);
    prices[t.key] = { uid: p.id, stripePriceId: p.stripe_price_id };
  }
  return { ...spec, uid: paywall.unique_id, prices };
}
