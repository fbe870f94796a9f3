import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/config/env";
import { syncConnectedAccount } from "@/lib/connect/account-sync";
import { startOnboarding } from "@/lib/connect/onboarding";
import { createCheckout, sellablePrice } from "@/lib/checkout/create-checkout";
import { upsertPaywall } from "@/lib/paywalls/paywall-config";
import { createPrice } from "@/lib/prices/prices";
import { localStripeUrl, stripeBackground, stripeMode } from "@/lib/stripe/client";

const DEMO_ITEM = { itemType: "mentor", itemId: "calculus-tutor" };
const DEMO_TIERS = [
  { name: "Monthly", amount: "19.00", interval: "month", features: ["Unlimited sessions", "Worked solutions"], remark: "Most popular", sort_order: 0 },
  { name: "Yearly", amount: "190.00", interval: "year", features: ["Unlimited sessions", "Worked solutions", "Exam prep packs"], remark: "2 months free", sort_order: 1 },
  { name: "Lifetime", amount: "299.00", interval: "one_time", features: ["Everything, forever"], remark: "", sort_order: 2 },
] as const;
const DEMO_BUYERS = [
  { email: "ada@example.com", tier: "Monthly" },
  { email: "grace@example.com", tier: "Lifetime" },
  { email: "alan@example.com", tier: "Yearly" },
];

async function control(base: string, path: string, body: unknown = {}) {
  const res = await fetch(`${base}/_local/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`Local Stripe ${path} answered ${res.status}`);
  return res.json();
}

/**
 * The zero-config demo's money side, on Local Stripe only: acme's Express account is connected,
 * its Calculus Tutor agent sells three tiers, and three guests have bought one. Purchases are paid
 * through Local Stripe's test controls; the webhooks then grant access and write the ledger.
 */
export async function seedDemoSales(localStripe = localStripeUrl()): Promise<boolean> {
  if (stripeMode() !== "local") return false;
  const acme = await db.platform.findUnique({ where: { key: "acme" } });
  const ownerMembership = acme && (await db.membership.findFirst({ where: { platformId: acme.id, role: "owner" }, include: { user: true } }));
  if (!acme || !ownerMembership || acme.stripeAccountId) return false;
  const owner = ownerMembership.user;
  const back = `${env().APP_URL}/account?profileTab=monetization`;

  const { account_id } = await startOnboarding(acme, owner, { return_url: back, refresh_url: back, business_type: "company" });
  await control(localStripe, `accounts/${account_id}/onboard`);
  const platform = (await syncConnectedAccount(stripeBackground(), account_id))!;

  const ref = { platform, ...DEMO_ITEM, paywall: null };
  await upsertPaywall(ref, { is_enabled: true, trial_period_days: 0, grandfathering_strategy: "require_subscription" }, owner);
  const paywall = await db.paywall.findUniqueOrThrow({ where: { platformId_itemType_itemId: { platformId: platform.id, ...DEMO_ITEM } } });
  for (const tier of DEMO_TIERS) {
    await createPrice({ ...ref, paywall }, { ...tier, currency: "usd", description: "", is_active: true, features: [...tier.features] }, owner);
  }
  const prices = await db.price.findMany({ where: { paywallId: paywall.id } });
  for (const buyer of DEMO_BUYERS) {
    const tier = prices.find((p) => p.name === buyer.tier)!;
    const price = await sellablePrice(paywall, tier.uniqueId);
    const session = await createCheckout({ platform, paywall, price, buyer: { user: null, email: buyer.email } });
    await control(localStripe, `checkout/sessions/${session.session_id}/pay`, { card: "4242424242424242", email: buyer.email });
  }
  return true;
}
