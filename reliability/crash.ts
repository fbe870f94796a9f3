// Crash recovery: the app is killed with SIGKILL mid-checkout (checkout-session requests in
// flight) and mid-webhook (deliveries being processed, after payments and after renewals), then
// restarted on the same data; Local Stripe retries what failed. The final state must equal a run
// without kills, with nothing orphaned (checkout rows without a Stripe session) or half-written,
// and no event left locked or unprocessed.
import type { Row, Section } from "./support/report";
import { magicSignIn } from "./money/auth";
import { checkoutLines, eventHealth, ledgerLines, saleEventLines, subscriptionLines, withDb, type EventHealth, type Query } from "./money/db";
import { Api, ok, sleep, type Res } from "./money/http";
import { summarizeDeliveries, type DeliveryLog } from "./money/proxy";
import { freshStack, type MoneyStack } from "./money/servers";
import { connectPlatform, sellItem, signInSellers } from "./money/world";

const SECTION = "crash recovery";
const BUYERS = 12;
/** webhook deliveries wait this long, so several are queued when the kill comes */
const DELIVERY_DELAY_MS = 800;
/** Local Stripe's retry schedule (local-stripe/webhooks.ts): 10 attempts over 27.75 s */
const LS_RETRY_WINDOW_S = 0.25 + 0.5 + 1 + 2 + 3 + 3 + 3 + 5 + 10;

type Outcome = {
  lines: string[];
  checkouts: string[];
  findings: string[];
  notes: string[];
  health: EventHealth;
  deliveries: ReturnType<typeof summarizeDeliveries>;
  log: DeliveryLog[];
  restartsMs: number[];
  kills: string[];
  seconds: number;
};

const verbose = (msg: string) => {
  if (process.env.RELIABILITY_VERBOSE || process.env.RELIABILITY_MONEY_LOG) console.error(`[crash] ${msg}`);
};

/** Rows that must never exist: a checkout row whose Stripe session is unknown. */
async function orphanCheckouts(q: Query, stack: MoneyStack): Promise<{ orphans: string[]; rows: number }> {
  const rows = await q(`SELECT stripe_session_id FROM checkout_sessions`);
  const orphans: string[] = [];
  for (const r of rows) {
    const id = String(r.stripe_session_id);
    try {
      await stack.control.stripe.checkout.sessions.retrieve(id);
    } catch {
      orphans.push(`checkout_sessions row ${id} has no Stripe session`);
    }
  }
  return { orphans, rows: rows.length };
}

async function scenario(withKills: boolean): Promise<Outcome> {
  const started = Date.now();
  const out: Outcome = { lines: [], checkouts: [], findings: [], notes: [], health: { total: 0, processed: 0, unprocessed: [], errored: [], locked: [], skipped: 0 }, deliveries: summarizeDeliveries([]), log: [], restartsMs: [], kills: [], seconds: 0 };
  let stack: MoneyStack;
  try {
    stack = await freshStack({});
  } catch (e) {
    out.findings.push(`could not start Local Stripe and the app: ${(e as Error).message.slice(0, 600)}`);
    return out;
  }
  const app = stack.apps[0];
  const control = stack.control;
  const restart = async () => {
    const t0 = Date.now();
    await app.start();
    out.restartsMs.push(Date.now() - t0);
  };
  /** kills the app `afterMs` after the proxy forwards the next delivery that `match` accepts */
  const killOnDelivery = (label: string, afterMs: number, match: (type: string, object: Record<string, unknown>) => boolean = () => true) =>
    new Promise<void>((resolve) => {
      stack.proxy.onForward = (eventId, type, event) => {
        if (!match(type, event.data?.object ?? {})) return;
        stack.proxy.onForward = undefined;
        setTimeout(() => {
          void app.kill9().then(() => {
            out.kills.push(`${label}: ${afterMs} ms into ${type} ${eventId}`);
            resolve();
          });
        }, afterMs);
      };
    });
  try {
    const s = await signInSellers(app.url, ["acme"]);
    await connectPlatform(s, control, "acme");
    const item = await sellItem(s, {
      pk: "acme",
      type: "course",
      id: "public-speaking",
      trialDays: 0,
      tiers: [
        { key: "monthly", name: "Monthly", amount: "14.00", currency: "usd", interval: "month" },
        { key: "once", name: "Lifetime", amount: "120.00", currency: "usd", interval: "one_time" },
      ],
    });
    await control.flush();
    const buyers: { email: string; guest: boolean; tier: string; api: Api; session?: string }[] = [];
    for (let i = 1; i <= BUYERS; i++) {
      const email = `crash${String(i).padStart(2, "0")}@crash.test`;
      const guest = i % 3 === 0;
      let api: Api;
      if (guest) api = new Api(app.url, "", { "x-forwarded-for": `198.51.100.${i}` });
      else {
        await ok(s.operator.post(`/api/operator/platforms/acme/members`, { email, role: "member" }), `member ${email}`);
        api = new Api(app.url, await magicSignIn(app.url, app.dataDir, email));
      }
      buyers.push({ email, guest, tier: i % 2 ? "monthly" : "once", api });
    }
    const checkout = (b: (typeof buyers)[number]): Promise<Res> =>
      b.guest
        ? b.api.post(`/api/billing/items/${item.uid}/checkout-guest/`, { email: b.email, price_id: item.prices[b.tier].uid })
        : b.api.post(`/api/billing/items/${item.uid}/checkout/`, { price_id: item.prices[b.tier].uid });

    // ---- 1. checkouts; with kills: all at once, SIGKILL as soon as the first has answered
    if (!withKills) {
      for (const b of buyers) b.session = (await ok(checkout(b), `checkout ${b.email}`)).session_id;
    } else {
      let done = 0;
      const pending = buyers.map((b) =>
        checkout(b)
          .then((r) => {
            if (r.status === 200) b.session = r.json.session_id;
          })
          .catch(() => {})
          .finally(() => done++),
      );
      while (done === 0) await sleep(2);
      const inFlight = BUYERS - done;
      await app.kill9();
      await Promise.all(pending);
      out.kills.push(`checkout: with ${inFlight} of ${BUYERS} checkout requests in flight (${buyers.filter((b) => b.session).length} answered)`);
      if (inFlight === 0) out.notes.push("no checkout request was in flight at the kill (all answered too fast)");
      // the embedded database as the killed process left it: it must open, with no orphan rows
      try {
        const { orphans, rows } = await withDb(stack.dbTarget(), (q) => orphanCheckouts(q, stack));
        out.findings.push(...orphans.map((o) => `after the kill mid-checkout: ${o}`));
        const stripeSessions = (await control.stripe.checkout.sessions.list({ limit: 100 })).data.length;
        out.notes.push(`after the kill: ${rows} checkout rows, ${stripeSessions} Stripe sessions (a Stripe session without a row is an abandoned page, harmless)`);
      } catch (e) {
        out.findings.push(`the embedded database did not open after kill -9: ${(e as Error).message.slice(0, 200)}`);
      }
      await restart();
      verbose(`restarted after the checkout kill in ${out.restartsMs.at(-1)} ms`);
      // buyers whose request died retry, as a person clicks again
      for (const b of buyers.filter((x) => !x.session)) b.session = (await ok(checkout(b), `checkout retry ${b.email}`)).session_id;
    }

    // ---- 2. payments; with kills: SIGKILL while a one-time purchase's checkout.session.completed
    // handler waits on Stripe (its session read hangs), i.e. after the event was claimed
    await control.chaos({ delay_ms: DELIVERY_DELAY_MS });
    let killed: Promise<void> | null = null;
    if (withKills) {
      await control.fault("/v1/checkout/sessions", "timeout", 1000);
      killed = killOnDelivery("payments (handler waiting on Stripe)", 1500, (type, o) => type === "checkout.session.completed" && o.mode === "payment");
    }
    for (const b of buyers) {
      const paid = await control.pay(b.session!);
      if (paid.status !== "succeeded") out.findings.push(`payment of ${b.email}: ${paid.status}`);
    }
    if (killed) {
      await killed;
      await control.clearFaults();
      await restart();
      verbose(`restarted after the webhook kill in ${out.restartsMs.at(-1)} ms`);
    }
    await control.flush();

    // ---- 3. renewals a month later; with kills: SIGKILL mid-webhook again, 25 ms into the first delivery
    await control.chaos({ delay_ms: DELIVERY_DELAY_MS });
    const killed2 = withKills ? killOnDelivery("renewals", 25) : null;
    await control.advance(31 * 86_400);
    if (killed2) {
      await killed2;
      await restart();
    }
    await control.flush();
    await control.clearFaults();
    await control.flush();

    // ---- the final state
    for (const b of buyers) {
      const api = b.guest ? new Api(app.url, await magicSignIn(app.url, app.dataDir, b.email)) : b.api;
      const r = await api.get(`/api/billing/items/${item.uid}/access-check/`);
      out.lines.push(`access ${b.email}: ${r.status} ${r.json?.reason} sub=${r.json?.subscription?.status ?? "-"}`);
    }
    const subs = await ok(s.owners.acme.get(`/api/billing/platforms/acme/subscribers/?page_size=100`), "subscribers");
    for (const x of subs.results) out.lines.push(`sub ${x.item_id} ${x.email}: ${x.status} ${x.price?.name}`);
    await stack.stopApps();
    await withDb(stack.dbTarget(), async (q) => {
      out.lines.push(...(await ledgerLines(q)), ...(await subscriptionLines(q)), ...(await saleEventLines(q)));
      out.checkouts = await checkoutLines(q);
      out.health = await eventHealth(q);
      const { orphans } = await orphanCheckouts(q, stack);
      out.findings.push(...orphans);
      const half = await q(
        `SELECT s.email, s.status::text AS status FROM subscriptions s
          WHERE s.status IN ('active','trialing','past_due') AND (s.stripe_subscription_id IS NULL OR s.price_id IS NULL)`,
      );
      for (const r of half) out.findings.push(`half-written subscription of ${r.email} (${r.status}) without Stripe id or price`);
      const noLedger = await q(
        `SELECT s.email FROM subscriptions s WHERE s.status = 'active'
            AND NOT EXISTS (SELECT 1 FROM ledger_entries l WHERE l.subscription_id = s.id AND l.kind = 'charge')`,
      );
      for (const r of noLedger) out.findings.push(`active subscription of ${r.email} has no charge in the ledger`);
    });
    out.lines.sort();
    out.deliveries = summarizeDeliveries(stack.proxy.log);
    out.log = stack.proxy.log;
  } catch (e) {
    out.findings.push(`run failed: ${(e as Error).message.slice(0, 600)}\n${app.output().split("\n").slice(-8).join("\n")}`);
  } finally {
    await stack.destroy();
  }
  out.seconds = (Date.now() - started) / 1000;
  return out;
}

export const section: Section = {
  name: SECTION,
  async run(): Promise<Row[]> {
    // independent servers: the reference run and the one with kills go side by side
    const [base, crash] = await Promise.all([scenario(false), scenario(true)]);
    const rows: Row[] = [];
    const baseFailures = [...base.findings, ...base.health.unprocessed.map((u) => `unprocessed: ${u}`), ...base.deliveries.never2xx.map((d) => `dropped: ${d}`)];
    rows.push({
      section: SECTION,
      what: "reference run without kills",
      cases: base.health.total,
      failures: baseFailures.length,
      figures: `${base.lines.length} state lines, ${base.health.total} events, ${base.deliveries.deliveries} deliveries, ${base.seconds.toFixed(0)} s`,
      examples: baseFailures.slice(0, 6),
    });

    const a = new Set(base.lines);
    const b = new Set(crash.lines);
    const diffs = [...base.lines.filter((l) => !b.has(l)).map((l) => `missing after kills: ${l}`), ...crash.lines.filter((l) => !a.has(l)).map((l) => `only after kills: ${l}`)];
    const dropped = crash.deliveries.never2xx.map((d) => `Local Stripe gave up (8 attempts in ${LS_RETRY_WINDOW_S} s): ${d}`);
    const answers = (id: string) =>
      crash.log
        .filter((d) => d.eventId === id)
        .map((d) => d.status ?? "refused")
        .join(",");
    const locked = crash.health.locked.map((l) => `left locked by the killed process (LOCK_SECONDS 300), deliveries answered [${answers(l.split(" ")[0])}]: ${l}`);
    const unprocessed = crash.health.unprocessed.filter((u) => !crash.health.locked.some((l) => l.startsWith(u.split(" ")[0]))).map((u) => `unprocessed: ${u}`);
    const failures = [...crash.findings, ...diffs, ...dropped, ...locked, ...unprocessed];
    const restarts = crash.restartsMs.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(", ");
    rows.push({
      section: SECTION,
      what: "kill -9 mid-checkout, mid-webhook (payments) and mid-webhook (renewals), restart, retries",
      cases: crash.kills.length + crash.lines.length,
      failures: failures.length,
      figures:
        `kills: ${crash.kills.join("; ")}; restarts took ${restarts || "-"} (Local Stripe's retries span ${LS_RETRY_WINDOW_S} s); ` +
        `${crash.deliveries.deliveries} deliveries [${Object.entries(crash.deliveries.statuses).map(([k, n]) => `${k}×${n}`).join(" ")}], ` +
        `${crash.deliveries.never2xx.length} events dropped, ${crash.health.locked.length} left locked, ${diffs.length} state differences; ${crash.notes.join("; ")}; ${crash.seconds.toFixed(0)} s`,
      examples: failures.slice(0, 10),
    });
    return rows;
  },
};
