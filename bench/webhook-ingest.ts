// Benchmark 3: the platform's Stripe webhook endpoint under a burst of invoice.paid events.
// Local Stripe holds 2,000 real paid subscription invoices of acme (500 in quick mode): one
// subscription is bought through Checkout, then 2,000 more are created through the Subscriptions
// API with its customer, tier and metadata, while Local Stripe's own deliveries are held back.
// Each invoice becomes one signed invoice.paid event (Stripe's envelope around the invoice as
// Local Stripe returns it), posted at concurrency 20; then the same events again (replays).
import crypto from "node:crypto";
import { atLeast, figure, round, type Bench, type BenchEnv, type Figure } from "./support/bench";
import { buy, call, DEMO, flushWebhooks, groupCpuMs, localStripe, localStripeConfig, must, pool, sellOnAcme, session, signWebhook, startStack, type Stack, type Who } from "../reliability/support/harness";
import { ledgerCount, withStackDb } from "./support/ledger-data";

const TARGET = "3 webhook ingest";
const CONCURRENCY = 20;
const STRIPE_KEY = "Bearer sk_test_bench";

type StripeObject = Record<string, unknown> & { id: string };

async function stripePost(stack: Stack, path: string, form: URLSearchParams): Promise<StripeObject> {
  const res = await fetch(`${stack.stripe.url}${path}`, {
    method: "POST",
    headers: { authorization: STRIPE_KEY, "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Stripe POST ${path}: ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as StripeObject;
}

async function stripeGet(stack: Stack, path: string): Promise<StripeObject & { data?: StripeObject[] }> {
  const res = await fetch(`${stack.stripe.url}${path}`, { headers: { authorization: STRIPE_KEY }, signal: AbortSignal.timeout(60_000) });
  if (!res.ok) throw new Error(`Stripe GET ${path}: ${res.status} ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as StripeObject & { data?: StripeObject[] };
}

const idOf = (v: unknown) => (typeof v === "string" ? v : v && typeof v === "object" ? String((v as { id: unknown }).id) : null);

/** `count` paid invoices of acme's monthly tier in Local Stripe; returns the invoices as Stripe has them. */
async function paidInvoices(stack: Stack, owner: Who, buyer: Who, count: number, log: (m: string) => void): Promise<StripeObject[]> {
  const fx = await sellOnAcme(stack, owner, "bench-webhooks");
  await buy(stack, buyer, fx, fx.monthlyPrice);
  await flushWebhooks(stack);
  const template = (await stripeGet(stack, "/v1/subscriptions?limit=1&status=all")).data?.[0];
  if (!template) throw new Error("the bought subscription is not in Local Stripe");
  // from here on Local Stripe keeps its own deliveries: the benchmark posts the events itself
  await localStripe(stack, "faults", { webhooks: { delay_ms: 24 * 3600_000 } });

  const form = new URLSearchParams();
  form.set("customer", idOf(template.customer)!);
  const items = (template.items as { data: { price: { id: string } }[] }).data;
  form.set("items[0][price]", items[0].price.id);
  const pm = idOf(template.default_payment_method);
  if (pm) form.set("default_payment_method", pm);
  if (template.application_fee_percent != null) form.set("application_fee_percent", String(template.application_fee_percent));
  const destination = idOf((template.transfer_data as { destination?: unknown } | null)?.destination);
  if (destination) form.set("transfer_data[destination]", destination);
  for (const [k, v] of Object.entries((template.metadata ?? {}) as Record<string, string>)) form.set(`metadata[${k}]`, v);

  // the bought subscription's invoice is in the ledger already (its own delivery was flushed)
  const invoiceIds: string[] = [];
  const t = Date.now();
  await pool(
    Array.from({ length: count }, (_, i) => i),
    8,
    async () => {
      const sub = await stripePost(stack, "/v1/subscriptions", form);
      invoiceIds.push(idOf(sub.latest_invoice)!);
      if (invoiceIds.length % 500 === 0) log(`${invoiceIds.length} subscriptions in Local Stripe (${((Date.now() - t) / 1000).toFixed(0)} s)`);
    },
  );
  const invoices: StripeObject[] = [];
  await pool(invoiceIds, 8, async (id) => void invoices.push(await stripeGet(stack, `/v1/invoices/${id}`)));
  const unpaid = invoices.filter((i) => i.status !== "paid").length;
  if (unpaid) throw new Error(`${unpaid} of the invoices are not paid`);
  return invoices;
}

type Round = { eps: number; statuses: Record<string, number>; p50: number; p99: number; appCpuMs: number; stripeCpuMs: number };

/** Posts every event once at concurrency 20; events/s, statuses, and the CPU the app and Local Stripe spent per event. */
async function round_(stack: Stack, secret: string, payloads: string[]): Promise<Round> {
  const signed = payloads.map((p) => ({ body: p, sig: signWebhook(p, secret) }));
  const statuses: Record<string, number> = {};
  const ms: number[] = [];
  const cpu = () => ({ app: groupCpuMs(stack.app.child.pid!), stripe: groupCpuMs(stack.stripe.child.pid!) });
  const cpu0 = cpu();
  const started = performance.now();
  await pool(signed, CONCURRENCY, async ({ body, sig }) => {
    const t = performance.now();
    const r = await call(stack.base, "POST", "/api/webhooks/stripe/", { body, headers: { "stripe-signature": sig, "content-type": "application/json" }, origin: false });
    ms.push(performance.now() - t);
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu1 = cpu();
  ms.sort((a, b) => a - b);
  const n = payloads.length;
  return { eps: n / seconds, statuses, p50: ms[Math.floor(n / 2)], p99: ms[Math.floor(n * 0.99)], appCpuMs: (cpu1.app - cpu0.app) / n, stripeCpuMs: (cpu1.stripe - cpu0.stripe) / n };
}

async function ledgerRows(stack: Stack, owner: Who): Promise<number> {
  if (stack.secrets.databaseUrl) return withStackDb(stack, (q) => ledgerCount(q));
  const r = await must(call(stack.base, "GET", "/api/billing/platforms/acme/ledger/?page_size=1", { who: owner }), [200], "ledger count");
  return (r.json as { count: number }).count;
}

async function run(env: BenchEnv): Promise<Figure[]> {
  const count = env.quick ? 500 : 2000;
  const stack = await startStack({ databaseUrl: env.databaseUrl });
  try {
    const [owner, buyer] = await Promise.all([session(stack, DEMO.owner), session(stack, DEMO.member)]);
    const t = Date.now();
    const invoices = await paidInvoices(stack, owner, buyer, count, env.log);
    env.log(`${invoices.length} paid invoices in Local Stripe in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    const secret = (await localStripeConfig(stack)).webhook_secrets.platform;
    const created = Math.floor(Date.now() / 1000);
    const payloads = invoices.map((invoice) =>
      JSON.stringify({
        id: `evt_bench_${crypto.randomBytes(8).toString("hex")}`,
        object: "event",
        api_version: "2025-10-29.clover",
        created,
        data: { object: invoice },
        livemode: false,
        pending_webhooks: 1,
        request: { id: null, idempotency_key: null },
        type: "invoice.paid",
      }),
    );

    const before = await ledgerRows(stack, owner);
    const first = await round_(stack, secret, payloads);
    const afterFirst = await ledgerRows(stack, owner);
    const second = await round_(stack, secret, payloads);
    const afterSecond = await ledgerRows(stack, owner);
    const newRows = afterFirst - before;
    const replayRows = afterSecond - afterFirst;
    const fmt = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k}×${v}`).join(" ");
    env.log(`first: ${round(first.eps, 0)} ev/s, ${newRows} new rows, ${fmt(first.statuses)}; replay: ${round(second.eps, 0)} ev/s, ${replayRows} new rows, ${fmt(second.statuses)}`);
    const ok = (s: Record<string, number>) => s["200"] === count;
    return [
      figure({
        target: TARGET,
        metric: `${count} new invoice.paid events at c=${CONCURRENCY}`,
        value: round(first.eps, 0),
        unit: "events/s",
        goal: "≥ 300 events/s",
        met: ok(first.statuses) && newRows === count ? atLeast(first.eps, 300) : false,
        db: env.db,
        note: `${newRows} new ledger rows (expected ${count}); statuses ${fmt(first.statuses)}; latency p50 ${round(first.p50, 0)} ms, p99 ${round(first.p99, 0)} ms; CPU per event: app ${round(first.appCpuMs, 1)} ms, Local Stripe ${round(first.stripeCpuMs, 1)} ms`,
      }),
      figure({
        target: TARGET,
        metric: `the same ${count} again (replays) at c=${CONCURRENCY}`,
        value: round(second.eps, 0),
        unit: "events/s",
        goal: "≥ 1000 events/s",
        met: ok(second.statuses) && replayRows === 0 ? atLeast(second.eps, 1000) : false,
        db: env.db,
        note: `${replayRows} new ledger rows (expected 0); statuses ${fmt(second.statuses)}; latency p50 ${round(second.p50, 0)} ms, p99 ${round(second.p99, 0)} ms; CPU per event: app ${round(second.appCpuMs, 1)} ms, Local Stripe ${round(second.stripeCpuMs, 1)} ms`,
      }),
      figure({ target: TARGET, metric: "ledger rows written by the first round", value: newRows, unit: "rows", goal: `= ${count}`, met: newRows === count, db: env.db }),
    ];
  } finally {
    await stack.stop();
  }
}

export const webhookIngestBench: Bench = { key: "webhooks", title: "3 webhook ingest", run };
