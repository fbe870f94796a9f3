// One deterministic money scenario over two platforms and two currencies, driven through the
// app's HTTP API and Local Stripe's test controls the way buyers, owners and Stripe act:
// purchases (member and guest, four checkout routes, declined and disputing cards, some
// confirmed by the return callback), failed renewals, cancels, refunds and disputes, trial ends
// and renewals by the virtual clock. Identities, items and actions depend only on the buyer's
// index, so two runs are comparable line by line.
import type Stripe from "stripe";
import { magicSignIn } from "./auth";
import { Api, LocalStripeControl, mapLimit, ok, request, type Json } from "./http";
import { connectPlatform, itemPath, sellItem, signInSellers, type ItemSpec, type Sellers, type SoldItem } from "./world";

/** which tier the n-th buyer of an item takes: one-time tiers come up most (they cost the fewest events) */
const ROTATION: Record<string, string[]> = {
  "intro-data-science": ["monthly", "once", "yearly", "once"],
  "career-coach": ["once", "monthly", "once"],
  negotiation: ["monthly", "once", "yearly", "once"],
  "sales-coach": ["once", "monthly", "once"],
};

export const ITEMS: ItemSpec[] = [
  {
    pk: "acme",
    type: "course",
    id: "intro-data-science",
    trialDays: 7,
    tiers: [
      { key: "monthly", name: "Monthly", amount: "10.00", currency: "usd", interval: "month" },
      { key: "yearly", name: "Yearly", amount: "99.00", currency: "usd", interval: "year" },
      { key: "once", name: "Lifetime", amount: "49.00", currency: "usd", interval: "one_time" },
    ],
  },
  {
    pk: "acme",
    type: "mentor",
    id: "career-coach",
    trialDays: 0,
    tiers: [
      { key: "monthly", name: "Monatlich", amount: "12.00", currency: "eur", interval: "month" },
      { key: "once", name: "Einmalig", amount: "30.00", currency: "eur", interval: "one_time" },
    ],
  },
  {
    pk: "globex",
    type: "course",
    id: "negotiation",
    trialDays: 14,
    tiers: [
      { key: "monthly", name: "Monthly", amount: "15.00", currency: "eur", interval: "month" },
      { key: "yearly", name: "Yearly", amount: "150.00", currency: "eur", interval: "year" },
      { key: "once", name: "Lifetime", amount: "120.00", currency: "eur", interval: "one_time" },
    ],
  },
  {
    pk: "globex",
    type: "mentor",
    id: "sales-coach",
    trialDays: 0,
    tiers: [
      { key: "monthly", name: "Monthly", amount: "20.00", currency: "usd", interval: "month" },
      { key: "once", name: "Lifetime", amount: "99.00", currency: "usd", interval: "one_time" },
    ],
  },
];

export const BUYERS = 54;
/** buyers acting at the same time (each buyer's own steps stay in order) */
const PARALLEL = 4;
const DECLINED = new Set([17, 34, 51]);
const CARD_OK = "4242424242424242";
const CARD_DECLINED = "4000000000000002";
const CARD_DISPUTE = "4000000000000259";

export type BuyerPlan = {
  i: number;
  email: string;
  item: ItemSpec;
  tier: string;
  recurring: boolean;
  trial: boolean;
  guest: boolean;
  card: string;
  route: "canonical" | "composite" | "price";
  callback: boolean;
  failNext: boolean;
  cancel: boolean;
  /** refund before the clock moves: full for one-time, 300 minor units of the first invoice for recurring */
  earlyRefund: boolean;
  /** full refund of the latest invoice once renewals ran */
  lateRefund: boolean;
  dispute: "none" | "open" | "won" | "lost";
};

export function buyerPlans(): BuyerPlan[] {
  const plans: BuyerPlan[] = [];
  for (let i = 1; i <= BUYERS; i++) {
    const item = ITEMS[(i - 1) % ITEMS.length];
    const rotation = ROTATION[item.id];
    const tier = item.tiers.find((t) => t.key === rotation[Math.floor((i - 1) / ITEMS.length) % rotation.length])!;
    const recurring = tier.interval !== "one_time";
    const trial = recurring && item.trialDays > 0;
    const guest = i % 3 === 0;
    const card = DECLINED.has(i) ? CARD_DECLINED : !recurring && i % 11 === 5 ? CARD_DISPUTE : CARD_OK;
    plans.push({
      i,
      email: `buyer${String(i).padStart(2, "0")}@chaos.test`,
      item,
      tier: tier.key,
      recurring,
      trial,
      guest,
      card,
      route: (["canonical", "composite", "price"] as const)[Math.floor(i / 3) % 3],
      callback: i % 5 === 0,
      failNext: recurring && (i % 7 === 3 || i % 14 === 4),
      cancel: i % 9 === 2 || (recurring && i % 9 === 6),
      earlyRefund: recurring ? !trial && i % 8 === 4 : i % 5 === 1,
      lateRefund: recurring && i % 6 === 1,
      dispute: card === CARD_DISPUTE ? "open" : i % 10 === 7 ? "lost" : i % 13 === 6 ? "won" : i % 12 === 8 ? "open" : "none",
    });
  }
  return plans;
}

export type Instance = { url: string; dataDir: string };

export type ScenarioEnv = {
  /** app instances; buyer i talks to instance i % n, sellers to the first */
  apps: Instance[];
  ls: LocalStripeControl;
  /** waits until every webhook Local Stripe has queued was answered */
  settle: () => Promise<void>;
  log?: (msg: string) => void;
};

export type ScenarioOutcome = {
  purchases: number;
  items: SoldItem[];
  /** normalised API answers: access checks and subscriber lists */
  apiLines: string[];
  /** harness-level surprises (an API call that failed where it should not) */
  problems: string[];
  actions: Record<string, number>;
};

type Bought = { plan: BuyerPlan; api: Api; sessionId: string; paid: boolean; sold: SoldItem; subId?: string; paymentIntent?: string; charge?: string };

async function latestCharge(stripe: Stripe, b: Bought): Promise<{ pi?: string; charge?: string }> {
  if (!b.plan.recurring) {
    const s = await stripe.checkout.sessions.retrieve(b.sessionId, { expand: ["payment_intent"] });
    const pi = s.payment_intent as Stripe.PaymentIntent | null;
    return { pi: pi?.id, charge: (pi?.latest_charge as string | null) ?? undefined };
  }
  const sub = await stripe.subscriptions.retrieve(b.subId!);
  if (!sub.latest_invoice) return {};
  const invoice = await stripe.invoices.retrieve(sub.latest_invoice as string, { expand: ["payments"] });
  const payment = invoice.payments?.data?.find((p) => p.status === "paid") ?? invoice.payments?.data?.[0];
  const piId = payment?.payment?.payment_intent as string | Stripe.PaymentIntent | undefined;
  if (!piId || invoice.status !== "paid") return {};
  const pi = await stripe.paymentIntents.retrieve(typeof piId === "string" ? piId : piId.id);
  return { pi: pi.id, charge: (pi.latest_charge as string | null) ?? undefined };
}

/** The whole scenario on running servers. Does not stop anything. */
export async function runScenario(env: ScenarioEnv): Promise<ScenarioOutcome> {
  const log = env.log ?? (() => {});
  const problems: string[] = [];
  const actions: Record<string, number> = {};
  const count = (k: string) => (actions[k] = (actions[k] ?? 0) + 1);
  const main = env.apps[0];
  const stripe = env.ls.stripe;

  // ---- sellers
  const sellers: Sellers = await signInSellers(main.url, ["acme", "globex"]);
  await connectPlatform(sellers, env.ls, "acme");
  await connectPlatform(sellers, env.ls, "globex");
  await ok(sellers.operator.patch(`/api/operator/platforms/globex`, { commission_bps: { course: 1250 } }), "globex commission");
  const items: SoldItem[] = [];
  for (const spec of ITEMS) items.push(await sellItem(sellers, spec));
  const soldOf = (spec: ItemSpec) => items.find((x) => x.pk === spec.pk && x.id === spec.id)!;
  await env.settle();
  log("sellers ready");

  // ---- buyers: members get an account on the item's platform and sign in by magic link
  const plans = buyerPlans();
  const instanceOf = (i: number) => env.apps[i % env.apps.length];
  const apis = new Map<number, Api>();
  await mapLimit(plans, PARALLEL, async (p) => {
    if (p.guest) {
      apis.set(p.i, new Api(instanceOf(p.i).url, "", { "x-forwarded-for": `198.51.100.${p.i}` }));
      return;
    }
    await ok(sellers.operator.post(`/api/operator/platforms/${p.item.pk}/members`, { email: p.email, role: "member" }), `member ${p.email}`);
    const inst = instanceOf(p.i);
    apis.set(p.i, new Api(inst.url, await magicSignIn(inst.url, inst.dataDir, p.email)));
  });
  log("buyers signed in");

  // ---- purchases, a few buyers at a time
  const results = await mapLimit(plans, PARALLEL, async (p): Promise<Bought | null> => {
    const sold = soldOf(p.item);
    const price = sold.prices[p.tier];
    const api = apis.get(p.i)!;
    const base = itemPath(sold.pk, sold.type, sold.id);
    let path: string;
    let body: Record<string, unknown> = {};
    if (p.guest) {
      body = { email: p.email };
      path = p.route === "price" ? `/api/billing/prices/${price.uid}/checkout-guest/` : p.route === "composite" ? `${base}/checkout-guest/` : `/api/billing/items/${sold.uid}/checkout-guest/`;
      if (p.route !== "price") body.price_id = price.uid;
    } else {
      path = p.route === "price" ? `/api/billing/items/prices/${price.uid}/checkout/` : p.route === "composite" ? `${base}/checkout/` : `/api/billing/items/${sold.uid}/checkout/`;
      if (p.route !== "price") body.price_id = price.uid;
    }
    const res = await api.post(path, body);
    if (res.status !== 200 || !res.json?.session_id) {
      problems.push(`checkout ${p.email} ${path}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
      return null;
    }
    count(p.guest ? "guest checkout" : "member checkout");
    const paid = await env.ls.pay(res.json.session_id, p.card, p.email);
    const b: Bought = { plan: p, api, sessionId: res.json.session_id, paid: paid.status === "succeeded", sold };
    if (p.card === CARD_DECLINED && paid.status !== "declined") problems.push(`${p.email}: declined card answered ${paid.status}`);
    if (p.card !== CARD_DECLINED && paid.status !== "succeeded") problems.push(`${p.email}: payment ${paid.status} ${paid.message ?? ""}`);
    if (b.paid) {
      count("paid");
      if (p.recurring) b.subId = (await stripe.checkout.sessions.retrieve(b.sessionId)).subscription as string;
    }
    if (b.paid && p.callback) {
      const cb = await request(`${api.base}/api/billing/items/${sold.uid}/checkout-callback/${b.sessionId}`, {});
      if (cb.status !== 302) problems.push(`callback ${p.email}: HTTP ${cb.status} ${cb.text.slice(0, 200)}`);
      else count("callback");
    }
    return b;
  });
  const bought = results.filter((b): b is Bought => b !== null);
  const purchases = bought.filter((b) => b.paid).length;
  await env.settle();
  log(`${purchases} purchases paid`);

  // ---- before the clock moves: failed next payments, cancels, refunds, disputes
  await mapLimit(bought.filter((x) => x.paid), PARALLEL, async (b) => {
    const p = b.plan;
    if (p.failNext && b.subId) {
      await env.ls.control(`subscriptions/${b.subId}/fail_next_payment`);
      count("fail_next_payment");
    }
    if (p.cancel) {
      if (!p.guest) {
        const res = await b.api.post(`/api/billing/items/${b.sold.uid}/subscription/cancel/`, {});
        if (res.status !== 200) problems.push(`cancel ${p.email}: HTTP ${res.status} ${res.text.slice(0, 200)}`);
        else if (res.json.portal_url) {
          // the billing portal's cancel button (cancel at period end)
          const portal = await request(res.json.portal_url, {
            method: "POST",
            body: new URLSearchParams({ subscription: b.subId ?? "", action: "cancel" }).toString(),
            headers: { "content-type": "application/x-www-form-urlencoded" },
          });
          if (portal.status !== 302 && portal.status !== 303) problems.push(`portal cancel ${p.email}: HTTP ${portal.status}`);
          else count("cancel via portal");
        } else if (res.json.status === "canceled") count("cancel one-time");
        else problems.push(`cancel ${p.email}: unexpected ${res.text.slice(0, 200)}`);
      } else if (b.subId) {
        await stripe.subscriptions.cancel(b.subId);
        count("cancel by Stripe (guest)");
      }
    }
    const needsCharge = p.earlyRefund || p.dispute !== "none";
    if (needsCharge && !p.trial) {
      const { pi, charge } = await latestCharge(stripe, b);
      b.paymentIntent = pi;
      b.charge = charge;
      if (p.earlyRefund && pi) {
        await stripe.refunds.create({ payment_intent: pi, ...(p.recurring ? { amount: 300 } : {}) });
        count(p.recurring ? "partial refund" : "full refund");
      }
      if (p.dispute !== "none" && p.card !== CARD_DISPUTE && charge) {
        await env.ls.control(`charges/${charge}/dispute`, p.dispute === "open" ? {} : { outcome: p.dispute });
        count(`dispute ${p.dispute}`);
      } else if (p.card === CARD_DISPUTE) count("dispute by card");
    }
  });
  await env.settle();
  log("actions done");

  // ---- the clock: the 7- and 14-day trials end, then monthly renewals (and failures, cancels at period end)
  for (const days of [15, 31]) {
    await env.ls.advance(days * 86_400);
    count(`clock +${days}d`);
    await env.settle();
  }
  log("clock advanced");

  // ---- after renewals: refunds of the latest invoice, disputes on trial subscriptions' first charge
  await mapLimit(bought.filter((x) => x.paid && x.plan.recurring), PARALLEL, async (b) => {
    const p = b.plan;
    if (!p.lateRefund && !(p.trial && p.dispute !== "none")) return;
    const { pi, charge } = await latestCharge(stripe, b);
    if (p.lateRefund && pi) {
      await stripe.refunds.create({ payment_intent: pi });
      count("late full refund");
    }
    if (p.trial && p.dispute !== "none" && charge && !p.lateRefund) {
      await env.ls.control(`charges/${charge}/dispute`, p.dispute === "open" ? {} : { outcome: p.dispute });
      count(`late dispute ${p.dispute}`);
    }
  });
  await env.settle();
  log("late actions done");

  // ---- the final state through the API: access checks of every buyer, and the subscriber lists
  const apiLines: string[] = [];
  await mapLimit(plans, PARALLEL, async (p) => {
    let api = apis.get(p.i)!;
    if (p.guest) {
      // signing in with the purchase e-mail claims it, as the buy page promises
      const inst = instanceOf(p.i);
      api = new Api(inst.url, await magicSignIn(inst.url, inst.dataDir, p.email));
    }
    // the item bought and the next one (bought by others, not by this buyer)
    const own = items.findIndex((x) => x.pk === p.item.pk && x.id === p.item.id);
    for (const sold of [items[own], items[(own + 1) % items.length]]) {
      const r = await api.get(`/api/billing/items/${sold.uid}/access-check/`);
      apiLines.push(`access ${sold.pk}/${sold.type}/${sold.id} ${p.email}: ${r.status} ${r.json?.reason ?? r.text.slice(0, 80)} sub=${r.json?.subscription?.status ?? "-"}`);
    }
  });
  for (const pk of ["acme", "globex"]) {
    let page = 1;
    for (;;) {
      const r: Json = await ok(sellers.owners[pk].get(`/api/billing/platforms/${pk}/subscribers/?page=${page}&page_size=100`), `subscribers ${pk}`);
      for (const s of r.results as Json[]) {
        apiLines.push(`sub ${pk}/${s.item_type}/${s.item_id} ${s.email}: ${s.status} ${s.price?.name ?? "-"} ${s.price?.amount ?? ""} ${s.price?.currency ?? ""}${s.cancel_at_period_end ? " cancel_at_period_end" : ""}`);
      }
      if (!r.next_page) break;
      page++;
    }
  }
  apiLines.sort();
  return { purchases, items, apiLines, problems, actions };
}
