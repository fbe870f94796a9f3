// Load: mixed traffic — access checks (allowed and denied), public pricing, member checkouts,
// purchases paid through Local Stripe so webhooks flow, and signed replays of delivered events —
// at a fixed request rate (open loop: requests start on schedule whether or not earlier ones
// finished). At the end every webhook must have been delivered with a 2xx (Local Stripe's
// `pending_webhooks` is 0 on every event) and every paid session must show as the buyer's
// subscription. The app's RSS is sampled from /proc throughout and bounded.
//
// RELIABILITY_LOAD_SECONDS (default 120; 600 is the documented long run), RELIABILITY_LOAD_RATE
// (requests per second, default 25 — what the 2-core CI machine holds on PGlite with room to
// spare), RELIABILITY_RSS_LIMIT_MB (default 1536: the bound on the app server process).
import fs from "node:fs";
import type { Row, Section } from "./support/report";
import {
  CARD_OK,
  DEMO,
  allEvents,
  call,
  createCatalogItem,
  createPrice,
  describeRes,
  enablePaywall,
  ensureAcmeConnected,
  flushWebhooks,
  groupCpuMs,
  localStripe,
  localStripeConfig,
  mintToken,
  pool,
  session,
  signWebhook,
  stripeApi,
  withStack,
  type Res,
  type Stack,
  type Who,
} from "./support/harness";

type Item = { itemId: string; uid: string; oneTime: string; monthly: string };
type Kind = "access-allowed" | "access-denied" | "pricing" | "checkout" | "purchase" | "webhook-replay";

const MIX: [Kind, number][] = [
  ["access-allowed", 34],
  ["access-denied", 22],
  ["pricing", 22],
  ["checkout", 10],
  ["webhook-replay", 12],
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// ---------------------------------------------------------------- memory

type Sample = { t: number; rssMb: number; groupMb: number };

function readProc(pid: string): { pgrp: number; rssKb: number; cmd: string } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pgrp = Number(fields[2]);
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const rssKb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").replace(/\0/g, " ");
    return { pgrp, rssKb, cmd };
  } catch {
    return null;
  }
}

/** RSS of the app's server process (the largest Next.js server process in the app's process group) and of the whole group. */
export function sampleRss(groupId: number): { serverMb: number; groupMb: number; server: string } | null {
  const procs: { rssKb: number; cmd: string }[] = [];
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    const p = readProc(pid);
    if (p && p.pgrp === groupId) procs.push(p);
  }
  if (procs.length === 0) return null;
  const servers = procs.filter((p) => /next-server|next start|next\/dist\/bin\/next/.test(p.cmd));
  const best = (servers.length ? servers : procs).reduce((a, b) => (b.rssKb > a.rssKb ? b : a));
  return { serverMb: best.rssKb / 1024, groupMb: procs.reduce((a, p) => a + p.rssKb, 0) / 1024, server: best.cmd.slice(0, 80) };
}

// ---------------------------------------------------------------- the run

async function setUp(stack: Stack, itemsNeeded: number) {
  const [member, admin, owner, operator, otherOwner] = await Promise.all([DEMO.member, DEMO.admin, DEMO.owner, DEMO.operator, DEMO.otherOwner].map((e) => session(stack, e)));
  await ensureAcmeConnected(stack, owner);
  const items: Item[] = [];
  const make = async (itemId: string): Promise<Item> => {
    await createCatalogItem(stack, owner, "course", itemId, `Load ${itemId}`);
    const uid = await enablePaywall(stack, owner, "course", itemId);
    const oneTime = await createPrice(stack, owner, "course", itemId, { name: "Lifetime", amount: "19.00", currency: "usd", interval: "one_time" });
    const monthly = await createPrice(stack, owner, "course", itemId, { name: "Monthly", amount: "4.00", currency: "usd", interval: "month", sort_order: 1 });
    return { itemId, uid, oneTime, monthly };
  };
  const denied = await make("load-denied");
  const ids = Array.from({ length: itemsNeeded }, (_, i) => `load-item-${i}`);
  await pool(ids, 2, async (id) => void items.push(await make(id)));
  const token = await mintToken(stack, owner, "acme", "load");
  return { member, admin, owner, operator, otherOwner, denied, items, token: { name: "token", token: token.key } as Who };
}

async function runLoad(): Promise<Row[]> {
  const seconds = Math.max(5, Number(process.env.RELIABILITY_LOAD_SECONDS ?? 120) || 120);
  const rate = Math.max(1, Number(process.env.RELIABILITY_LOAD_RATE ?? 25) || 25);
  const rssLimitMb = Number(process.env.RELIABILITY_RSS_LIMIT_MB ?? 1536) || 1536;
  const purchaseEveryMs = 3000;
  const buyersCount = 5;
  const purchasesPlanned = Math.ceil((seconds * 1000) / purchaseEveryMs);
  const itemsNeeded = Math.ceil(purchasesPlanned / buyersCount) + 1;

  const latencies = new Map<Kind, number[]>();
  const counts = new Map<Kind, number>();
  const failures: string[] = [];
  let failureCount = 0;
  const fail = (msg: string) => {
    failureCount++;
    if (failures.length < 20) failures.push(msg);
  };
  const samples: Sample[] = [];
  let behind = 0;
  let sent = 0;
  let runMs = 0;
  let events = 0;
  let undelivered: string[] = [];
  const purchases: { buyer: Who; item: Item; cs: string; mode: "one_time" | "month" }[] = [];
  let unconfirmed: string[] = [];
  let setupMs = 0;
  let cpuShare = 0;
  let replayInProgress = 0;

  await withStack(async (stack) => {
    const t0 = Date.now();
    const w = await setUp(stack, itemsNeeded);
    setupMs = Date.now() - t0;
    const buyers = [w.member, w.admin, w.owner, w.operator, w.otherOwner];
    const allowedCallers = [w.owner, w.admin, w.operator, w.token];
    const secret = (await localStripeConfig(stack)).webhook_secrets.platform;
    const groupId = stack.app.child.pid!;

    // events to replay: refreshed every few seconds from Local Stripe (platform events only)
    let replayable: unknown[] = [];
    const refreshEvents = async () => {
      const list = await stripeApi<{ data: { account?: string | null }[] }>(stack, "/v1/events?limit=50").catch(() => ({ data: [] }));
      replayable = list.data.filter((e) => !e.account);
    };
    await refreshEvents();

    const record = (kind: Kind, res: Res, ok: boolean, what: string) => {
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      (latencies.get(kind) ?? latencies.set(kind, []).get(kind)!).push(res.ms);
      if (!ok) fail(`${kind}: ${what} → ${describeRes(res)}`);
    };
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)];

    const one = async (kind: Kind) => {
      switch (kind) {
        case "access-allowed": {
          const item = pick(w.items);
          const res = await call(stack.base, "GET", `/api/billing/items/${item.uid}/access-check/`, { who: pick(allowedCallers) });
          return record(kind, res, res.status === 200, `access check ${item.itemId}`);
        }
        case "access-denied": {
          const res = await call(stack.base, "GET", `/api/billing/platforms/acme/items/course/${w.denied.itemId}/access-check/`, { who: w.member });
          return record(kind, res, res.status === 402, "denied access check");
        }
        case "pricing": {
          const item = pick([...w.items, w.denied]);
          const res = await call(stack.base, "GET", `/api/billing/items/${item.uid}/pricing/`);
          return record(kind, res, res.status === 200, `pricing ${item.itemId}`);
        }
        case "checkout": {
          const res = await call(stack.base, "POST", `/api/billing/items/${w.denied.uid}/checkout/`, { who: w.member, body: { price_id: Math.random() < 0.5 ? w.denied.oneTime : w.denied.monthly } });
          return record(kind, res, res.status === 200 && typeof (res.json as { session_id?: unknown })?.session_id === "string", "unpaid checkout");
        }
        case "webhook-replay": {
          if (replayable.length === 0) return;
          const payload = JSON.stringify(pick(replayable));
          const res = await call(stack.base, "POST", "/api/webhooks/stripe", { body: payload, headers: { "content-type": "application/json", "stripe-signature": signWebhook(payload, secret) }, origin: false });
          // 409: the original delivery is being processed right now (Stripe will retry) — correct, counted apart
          if (res.status === 409) replayInProgress++;
          return record(kind, res, res.status === 200 || res.status === 409, "replayed event");
        }
        case "purchase": {
          const n = purchases.length;
          const buyer = buyers[n % buyers.length];
          const item = w.items[Math.floor(n / buyers.length)];
          if (!item) return;
          const mode = n % 2 === 0 ? "one_time" : "month";
          const slot = { buyer, item, cs: "", mode } as (typeof purchases)[number];
          purchases.push(slot);
          const res = await call(stack.base, "POST", `/api/billing/items/${item.uid}/checkout/`, { who: buyer, body: { price_id: mode === "one_time" ? item.oneTime : item.monthly } });
          const cs = (res.json as { session_id?: string } | undefined)?.session_id;
          record(kind, res, res.status === 200 && Boolean(cs), `checkout to buy ${item.itemId} as ${buyer.name}`);
          if (!cs) return;
          slot.cs = cs;
          const t = performance.now();
          try {
            const paid = await localStripe<{ status: string; message?: string }>(stack, `checkout/sessions/${cs}/pay`, { card: CARD_OK });
            if (paid.status !== "succeeded") fail(`purchase: paying ${cs}: ${paid.status} ${paid.message ?? ""}`);
          } catch (e) {
            fail(`purchase: paying ${cs}: ${(e as Error).message}`);
          }
          (latencies.get("purchase") ?? latencies.set("purchase", []).get("purchase")!).push(performance.now() - t);
          return;
        }
      }
    };

    const weights = MIX.reduce((s, [, x]) => s + x, 0);
    const chooseKind = (): Kind => {
      let r = Math.random() * weights;
      for (const [k, x] of MIX) if ((r -= x) < 0) return k;
      return MIX[0][0];
    };

    const inflight = new Set<Promise<void>>();
    const cpu0 = groupCpuMs(groupId);
    const start = Date.now();
    const end = start + seconds * 1000;
    const interval = 1000 / rate;
    let nextPurchase = start + 1000;
    let nextSample = start;
    let nextRefresh = start + 5000;
    // a safety valve only: a stall of a few seconds queues up rather than drops requests
    const MAX_INFLIGHT = Math.max(64, rate * 8);
    for (let i = 0; ; i++) {
      const at = start + i * interval;
      if (at >= end) break;
      const wait = at - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const now = Date.now();
      if (now >= nextSample) {
        nextSample += 2000;
        const s = sampleRss(groupId);
        if (s) samples.push({ t: now - start, rssMb: s.serverMb, groupMb: s.groupMb });
      }
      if (now >= nextRefresh) {
        nextRefresh += 5000;
        void refreshEvents();
      }
      let kind = chooseKind();
      if (now >= nextPurchase) {
        nextPurchase += purchaseEveryMs;
        kind = "purchase";
      }
      if (inflight.size >= MAX_INFLIGHT) {
        behind++;
        continue;
      }
      sent++;
      const p: Promise<void> = one(kind)
        .catch((e) => fail(`${kind}: ${(e as Error).message}`))
        .finally(() => inflight.delete(p));
      inflight.add(p);
    }
    await Promise.all(inflight);
    runMs = Date.now() - start;
    cpuShare = (groupCpuMs(groupId) - cpu0) / runMs;
    const last = sampleRss(groupId);
    if (last) samples.push({ t: Date.now() - start, rssMb: last.serverMb, groupMb: last.groupMb });

    // every delivery answered 2xx, every paid session is the buyer's subscription
    for (let i = 0; i < 3 && (await flushWebhooks(stack)) > 0; i++);
    const all = await allEvents(stack);
    events = all.length;
    undelivered = all.filter((e) => e.pending_webhooks > 0).map((e) => `${e.id} ${e.type}`);
    const confirmDeadline = Date.now() + 60_000;
    let pending = purchases.filter((p) => p.cs);
    while (pending.length && Date.now() < confirmDeadline) {
      const still: typeof pending = [];
      await pool(pending, 4, async (p) => {
        const res = await call(stack.base, "GET", `/api/billing/items/${p.item.uid}/subscription/`, { who: p.buyer });
        const status = (res.json as { status?: string } | undefined)?.status;
        if (!(res.status === 200 && (status === "active" || status === "trialing"))) still.push(p);
      });
      pending = still;
      if (pending.length) await new Promise((r) => setTimeout(r, 1000));
    }
    unconfirmed = pending.map((p) => `${p.cs} (${p.mode}) for ${p.buyer.name} on ${p.item.itemId}`);
  });

  const allLat = [...latencies.values()].flat().sort((a, b) => a - b);
  const byKind = [...latencies.entries()]
    .map(([k, v]) => {
      const s = [...v].sort((a, b) => a - b);
      return `${k} ${s.length} p50 ${Math.round(percentile(s, 50))}/p99 ${Math.round(percentile(s, 99))} ms`;
    })
    .join("; ");
  const maxRss = Math.max(0, ...samples.map((s) => s.rssMb));
  const maxGroup = Math.max(0, ...samples.map((s) => s.groupMb));
  const q = Math.max(1, Math.floor(samples.length / 4));
  const mean = (xs: Sample[]) => (xs.length ? xs.reduce((a, s) => a + s.rssMb, 0) / xs.length : 0);
  const growth = mean(samples.slice(-q)) - mean(samples.slice(0, q));
  const throughput = (allLat.length / (runMs / 1000)).toFixed(1);
  const paid = purchases.filter((p) => p.cs).length;

  return [
    {
      section: "load",
      what: `mixed traffic at ${rate} req/s for ${seconds} s`,
      cases: sent,
      failures: failureCount + behind,
      figures: `${throughput} req/s done, app CPU ${Math.round(cpuShare * 100)}% of a core; p50 ${Math.round(percentile(allLat, 50))} ms, p99 ${Math.round(percentile(allLat, 99))} ms, max ${Math.round(allLat[allLat.length - 1] ?? 0)} ms; ${behind} requests skipped (over ${Math.max(64, rate * 8)} in flight); ${replayInProgress} replays met the original in progress (409); set-up ${(setupMs / 1000).toFixed(0)} s`,
      examples: [...failures, `by kind: ${byKind}`],
    },
    {
      section: "load",
      what: "webhooks delivered and purchases granted",
      cases: events + paid,
      failures: undelivered.length + unconfirmed.length,
      figures: `${events} events, ${undelivered.length} not acknowledged with 2xx; ${paid} paid sessions, ${unconfirmed.length} not the buyer's active subscription`,
      examples: [...undelivered.slice(0, 10).map((e) => `undelivered ${e}`), ...unconfirmed.slice(0, 10).map((u) => `not granted: ${u}`)],
    },
    {
      section: "load",
      what: `app server RSS ≤ ${rssLimitMb} MB`,
      cases: samples.length,
      failures: samples.filter((s) => s.rssMb > rssLimitMb).length + (samples.length === 0 ? 1 : 0),
      figures: samples.length
        ? `max ${Math.round(maxRss)} MB (process group ${Math.round(maxGroup)} MB); first→last quarter ${growth >= 0 ? "+" : ""}${Math.round(growth)} MB; ${samples.length} samples every 2 s`
        : "no RSS samples (process not found in /proc)",
    },
  ];
}

export const section: Section = { name: "load", run: runLoad };
