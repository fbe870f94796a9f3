// Target 1: the access check at the speed of an empty route. Against a started server with
// 10,000 paywalls and 100,000 subscriptions on acme, for a token and a cookie caller, allowed
// and denied:
// - throughput at 50 connections in rounds alternating with the empty JSON route
//   (/api/health/live), as a ratio to it (median over rounds);
// - unsaturated latency at one connection, 100 requests/s;
// - database statements and row writes per check (PostgreSQL's own counters);
// - freshness: a buy → check → cancel → check loop while the check is under load; every answer
//   must already show the purchase or the cancellation (stale answers, target 0).
import { buy, ensureAcmeConnected, flushWebhooks, mintToken, sellOnAcme, session, startStack, DEMO, call, type Stack, type Who } from "../reliability/support/harness";
import { atLeast, atMost, figure, load, startLoad, median, round, type Bench, type BenchEnv, type Figure, type LoadResult } from "./support/bench";
import { loadAccessScale } from "./support/access-data";
import { dbActivity, withAppDb } from "./support/app-db";

const T = "1 access check";

type Variant = { name: string; url: string; headers: Record<string, string>; status: number };

export async function accessVariants(stack: Stack, member: Who, token: string, allowedId: string, deniedId: string): Promise<Variant[]> {
  const url = (id: string) => `${stack.base}/api/billing/platforms/acme/items/course/${id}/access-check/`;
  return [
    { name: "token allowed", url: url(allowedId), headers: { authorization: `Token ${token}` }, status: 200 },
    { name: "token denied", url: url(deniedId), headers: { authorization: `Token ${token}` }, status: 402 },
    { name: "cookie allowed", url: url(allowedId), headers: { cookie: member.cookie! }, status: 200 },
    { name: "cookie denied", url: url(deniedId), headers: { cookie: member.cookie! }, status: 402 },
  ];
}

/** acme connected and selling, the learner holding one item, the catalog at scale, a token. */
export async function accessWorld(env: BenchEnv) {
  const stack = await startStack({ databaseUrl: env.databaseUrl });
  const owner = await session(stack, DEMO.owner);
  await ensureAcmeConnected(stack, owner);
  const held = await sellOnAcme(stack, owner, "bench-held");
  const fresh = await sellOnAcme(stack, owner, "bench-fresh");
  await sellOnAcme(stack, owner, "bench-denied");
  const size = env.quick ? { paywalls: 1_000, subscriptions: 10_000 } : { paywalls: 10_000, subscriptions: 100_000 };
  const t = Date.now();
  await withAppDb(stack, (q) => loadAccessScale(q, { ...size, learnerEmail: DEMO.member }));
  env.log(`loaded ${size.paywalls} paywalls and ${size.subscriptions} subscriptions in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  // sessions after the (PGlite) restart: the secret is the same, cookies stay valid either way
  const member = await session(stack, DEMO.member);
  await buy(stack, member, held, held.oneTimePrice);
  await flushWebhooks(stack);
  const { key: token } = await mintToken(stack, member, "acme", "bench");
  return { stack, owner, member, token, held, fresh, size };
}

async function freshness(stack: Stack, member: Who, fx: Awaited<ReturnType<typeof accessWorld>>["fresh"], token: string, cycles: number) {
  const check = async () => (await call(stack.base, "GET", `/api/billing/platforms/acme/items/course/bench-fresh/access-check/`, { who: member })).status;
  const background = startLoad({
    url: `${stack.base}/api/billing/platforms/acme/items/course/bench-denied/access-check/`,
    headers: { authorization: `Token ${token}` },
    connections: 20,
    seconds: 3600,
    expectStatus: 402,
  });
  let stale = 0;
  let checks = 0;
  const started = Date.now();
  try {
    for (let i = 0; i < cycles; i++) {
      await buy(stack, member, fx, fx.oneTimePrice);
      const pending = await flushWebhooks(stack);
      if (pending !== 0) throw new Error(`${pending} webhooks still pending after a flush`);
      checks++;
      if ((await check()) !== 200) stale++;
      const cancel = await call(stack.base, "POST", `/api/billing/items/${fx.uid}/subscription/cancel/`, { who: member, body: {} });
      if (cancel.status !== 200) throw new Error(`cancel answered ${cancel.status} ${cancel.text.slice(0, 200)}`);
      checks++;
      if ((await check()) !== 402) stale++;
    }
  } finally {
    await background.stop();
  }
  return { stale, checks, seconds: (Date.now() - started) / 1000 };
}

export const accessCheckBench: Bench = {
  key: "access",
  title: "1 access check",
  async run(env) {
    const { stack, member, token, size, fresh } = await accessWorld(env);
    const out: Figure[] = [];
    try {
      const variants = await accessVariants(stack, member, token, "bench-held", "bench-denied");
      for (const v of variants) {
        const r = await fetch(v.url, { headers: v.headers });
        if (r.status !== v.status) throw new Error(`${v.name}: expected ${v.status}, got ${r.status} ${(await r.text()).slice(0, 200)}`);
      }
      const empty = `${stack.base}/api/health/live`;
      const seconds = env.quick ? 2 : 5;
      const rounds = env.quick ? 1 : 3;
      // warm-up: JIT, connection pools, the database's caches
      await load({ url: empty, connections: 50, seconds: 2 });
      for (const v of variants) await load({ url: v.url, headers: v.headers, connections: 50, seconds: 2, expectStatus: v.status });

      const emptyRps: number[] = [];
      const checkRps = new Map<string, LoadResult[]>(variants.map((v) => [v.name, []]));
      for (let r = 0; r < rounds; r++) {
        for (const v of variants) {
          emptyRps.push((await load({ url: empty, connections: 50, seconds })).rps);
          checkRps.get(v.name)!.push(await load({ url: v.url, headers: v.headers, connections: 50, seconds, expectStatus: v.status }));
        }
      }
      const base = median(emptyRps);
      out.push(figure({ target: T, metric: "empty route throughput (50 conn.)", value: Math.round(base), unit: "req/s", goal: "baseline", db: env.db, note: `rounds: ${emptyRps.map((x) => Math.round(x)).join(", ")}` }));
      for (const v of variants) {
        const results = checkRps.get(v.name)!;
        const rps = median(results.map((x) => x.rps));
        const ratio = round(rps / base);
        const bad = results.reduce((a, x) => a + x.non2xx + x.errors, 0);
        out.push(figure({ target: T, metric: `${v.name}: throughput ÷ empty route`, value: ratio, unit: "×", goal: "≥ 0.8×", met: atLeast(ratio, 0.8), db: env.db, note: `${Math.round(rps)} req/s; unexpected answers ${bad}` }));
      }
      for (const v of variants) {
        const r = await load({ url: v.url, headers: v.headers, connections: 1, rate: 100, seconds: env.quick ? 3 : 10, expectStatus: v.status });
        out.push(figure({ target: T, metric: `${v.name}: p50 at 100 req/s`, value: r.p50, unit: "ms", goal: "≤ 2 ms", met: atMost(r.p50, 2), db: env.db }));
        out.push(figure({ target: T, metric: `${v.name}: p99 at 100 req/s`, value: r.p99, unit: "ms", goal: "≤ 10 ms", met: atMost(r.p99, 10), db: env.db }));
      }
      if (stack.secrets.databaseUrl) {
        // PostgreSQL's own counters: statements (transactions — a lone statement is one) and rows
        // written in this database. Idle connections report their counts up to 10 s late, hence
        // the pauses.
        const url = stack.secrets.databaseUrl;
        const n = env.quick ? 200 : 1000;
        const settle = () => new Promise((r) => setTimeout(r, 11_000));
        for (const v of variants) {
          await settle();
          const a = await dbActivity(url);
          const t = Date.now();
          await load({ url: v.url, headers: v.headers, connections: 4, seconds: 60, amount: n, expectStatus: v.status });
          const ms = Date.now() - t;
          await settle();
          const b = await dbActivity(url);
          // the same span again without checks: what the server does anyway (job queue polling, counter flushes)
          await new Promise((r) => setTimeout(r, ms));
          await settle();
          const c = await dbActivity(url);
          const background = { statements: c.statements - b.statements, writes: c.writes - b.writes };
          const statements = round(Math.max(0, b.statements - a.statements - background.statements) / n, 2);
          const writes = round(Math.max(0, b.writes - a.writes - background.writes) / n, 3);
          const note = `${n} checks; background over the same span subtracted (${background.statements} statements, ${background.writes} row writes)`;
          out.push(figure({ target: T, metric: `${v.name}: database round trips per check`, value: statements, unit: "", goal: "≤ 2", met: atMost(statements, 2.05), db: env.db, note }));
          out.push(figure({ target: T, metric: `${v.name}: row writes per check`, value: writes, unit: "", goal: "0", met: atMost(writes, 0.01), db: env.db }));
        }
      }
      const cycles = env.quick ? 3 : 15;
      const f = await freshness(stack, member, fresh, token, cycles);
      out.push(figure({ target: T, metric: "stale answers in a buy/cancel loop under load", value: f.stale, unit: "", goal: "0", met: f.stale === 0, db: env.db, note: `${f.checks} checks over ${cycles} buy/cancel cycles in ${f.seconds.toFixed(0)} s, 20 connections of other checks running` }));
      env.log(`catalog: ${size.paywalls} paywalls, ${size.subscriptions} subscriptions`);
      return out;
    } finally {
      await stack.stop();
    }
  },
};

