// Benchmark 6: what the metering proxy adds to a chat completion. The started app proxies to a
// local OpenAI-compatible upstream that answers at once; each request is timed through the proxy
// (`/api/v1/chat/completions` with a platform API token, as a customer's app calls it) and
// straight at the upstream, alternately and one at a time, so the p50 difference is the proxy's
// own work: token, price, wallet and caps, the charge, and passing the answer (or SSE) through.
import os from "node:os";
import { call, DEMO, groupCpuMs, mintToken, must, session, startStack, type Stack, type Who } from "../reliability/support/harness";
import { atMost, figure, percentile, round, type Bench, type BenchEnv, type Figure } from "./support/bench";
import { startUpstreamModel, type UpstreamModel } from "./support/upstream-model";

const TARGET = "6 metering proxy";
const GOAL_MS = 5;
const PK = "acme";
const MODEL = "bench-chat";
const MESSAGES = [{ role: "user", content: "What is the derivative of x^2? Explain the power rule briefly." }];

type Timing = { total: number; firstByte: number; bytes: number; charged: string | null };

/** One request, timed to the headers, the first body byte and the last one (the body is read whole). */
async function timed(url: string, headers: Record<string, string>, body: unknown): Promise<Timing> {
  const t0 = performance.now();
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  if (!res.body) throw new Error(`${url}: no body (${res.status})`);
  const reader = res.body.getReader();
  let firstByte = NaN;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes === 0 && value.length > 0) firstByte = performance.now() - t0;
    bytes += value.length;
  }
  const total = performance.now() - t0;
  if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
  return { total, firstByte, bytes, charged: res.headers.get("x-credits-charged") };
}

type Setup = { token: string; owner: Who; priceId: string; user: string };

/** As an owner would: a provider whose base URL is the upstream, a price, an API token, a funded end user. */
async function setUp(stack: Stack, upstream: UpstreamModel, user: string): Promise<Setup> {
  const owner = await session(stack, DEMO.owner);
  const { key: token } = await mintToken(stack, owner, PK, "bench proxy");
  const base = `/api/billing/platforms/${PK}`;
  const provider = await must(call(stack.base, "POST", `${base}/model-providers/`, { who: owner, body: { name: "Bench upstream", base_url: `${upstream.url}/v1`, api_key: "sk-bench-upstream" } }), [201], "create provider");
  const price = await must(
    call(stack.base, "POST", `${base}/model-prices/`, {
      who: owner,
      body: { model: MODEL, provider_id: (provider.json as { id: string }).id, upstream_model: "bench-upstream", prompt_credits_per_1k: 10, completion_credits_per_1k: 20, min_credits: 1 },
    }),
    [201],
    "create model price",
  );
  await must(
    call(stack.base, "POST", `${base}/wallets/${user}/deposit/`, { who: { name: "token", token }, headers: { "idempotency-key": `bench-${user}` }, body: { amount: 1_000_000, reason: "bench" } }),
    [200],
    "deposit",
  );
  return { token, owner, priceId: (price.json as { id: string }).id, user };
}

/** appCpuMs: the app's CPU (its process group, user + system) per proxied request — what the proxy costs whatever the machine's load */
type Mode = { stream: boolean; proxy: Timing[]; direct: Timing[]; empty: number[]; appCpuMs: number; emptyCpuMs: number; load: number };

/** An empty route of the same server, timed beside the proxy: the framework's own floor on this machine right now. */
const EMPTY_ROUTE = "/api/health/live";

async function measure(stack: Stack, upstream: UpstreamModel, token: string, user: string, stream: boolean, n: number, warm: number): Promise<Mode> {
  const proxyUrl = `${stack.base}/api/v1/chat/completions`;
  const directUrl = `${upstream.url}/v1/chat/completions`;
  const proxyHeaders = { authorization: `Bearer ${token}` };
  const proxyBody = { model: MODEL, messages: MESSAGES, user, stream };
  // what the proxy itself sends upstream
  const directBody = { model: "bench-upstream", messages: MESSAGES, stream, ...(stream ? { stream_options: { include_usage: true } } : {}) };
  const mode: Mode = { stream, proxy: [], direct: [], empty: [], appCpuMs: NaN, emptyCpuMs: NaN, load: os.loadavg()[0] };
  const hasEmpty = (await fetch(`${stack.base}${EMPTY_ROUTE}`).then(async (r) => (await r.text(), r.status))) === 200;
  const emptyOnce = async () => {
    const t0 = performance.now();
    await (await fetch(`${stack.base}${EMPTY_ROUTE}`)).text();
    return performance.now() - t0;
  };
  let cpu0 = 0;
  for (let i = 0; i < warm + n; i++) {
    if (i === warm) cpu0 = groupCpuMs(stack.app.child.pid!);
    // alternate which goes first so drift and GC land on both sides alike
    const pair = i % 2 === 0 ? [true, false] : [false, true];
    for (const viaProxy of pair) {
      const t = viaProxy ? await timed(proxyUrl, proxyHeaders, proxyBody) : await timed(directUrl, {}, directBody);
      if (i >= warm) (viaProxy ? mode.proxy : mode.direct).push(t);
    }
    if (hasEmpty) {
      const e = await emptyOnce();
      if (i >= warm) mode.empty.push(e);
    }
  }
  const loopCpu = groupCpuMs(stack.app.child.pid!) - cpu0;
  // the empty route's own CPU, measured alone, is taken back out of the loop's
  let emptyCpu = 0;
  if (hasEmpty) {
    const c = groupCpuMs(stack.app.child.pid!);
    for (let i = 0; i < n; i++) await emptyOnce();
    emptyCpu = groupCpuMs(stack.app.child.pid!) - c;
  }
  mode.appCpuMs = (loopCpu - emptyCpu) / n;
  mode.emptyCpuMs = emptyCpu / n;
  return mode;
}

const p = (xs: number[], q: number) => round(percentile(xs, q), 2);

function modeFigures(env: BenchEnv, m: Mode): Figure[] {
  const label = m.stream ? "streaming" : "non-streaming";
  const proxy = m.proxy.map((t) => t.total);
  const direct = m.direct.map((t) => t.total);
  const overhead = round(percentile(proxy, 50) - percentile(direct, 50), 2);
  const out = [
    figure({
      target: TARGET,
      metric: `${label}: overhead p50${m.stream ? " (last byte)" : ""}`,
      value: overhead,
      unit: "ms",
      goal: `≤ ${GOAL_MS} ms`,
      met: atMost(overhead, GOAL_MS),
      db: env.db,
      note:
        `${m.proxy.length} sequential requests each; proxy p50 ${p(proxy, 50)} / p90 ${p(proxy, 90)} / p99 ${p(proxy, 99)} ms, direct p50 ${p(direct, 50)} / p99 ${p(direct, 99)} ms; ` +
        (m.empty.length ? `empty route ${EMPTY_ROUTE} p50 ${p(m.empty, 50)} ms / ${round(m.emptyCpuMs, 2)} ms CPU on the same server (the framework's floor now); ` : "") +
        `app CPU ${round(m.appCpuMs, 2)} ms per proxied request${env.db === "postgres" ? " (PostgreSQL's own not counted)" : ""}; load average ${round(m.load, 1)} on ${os.cpus().length} cores`,
    }),
  ];
  if (m.stream) {
    const pf = m.proxy.map((t) => t.firstByte);
    const df = m.direct.map((t) => t.firstByte);
    const ttfb = round(percentile(pf, 50) - percentile(df, 50), 2);
    out.push(
      figure({
        target: TARGET,
        metric: "streaming: overhead p50 (first byte)",
        value: ttfb,
        unit: "ms",
        goal: "(reported)",
        met: null,
        db: env.db,
        note: `time to first byte: proxy p50 ${p(pf, 50)} / p99 ${p(pf, 99)} ms, direct p50 ${p(df, 50)} ms`,
      }),
    );
  }
  return out;
}

/** A price change and a top-up are both visible on the very next request. */
async function freshness(stack: Stack, s: Setup): Promise<Figure> {
  const url = `${stack.base}/api/v1/chat/completions`;
  const headers = { authorization: `Bearer ${s.token}` };
  const ask = (user: string) => timed(url, headers, { model: MODEL, messages: MESSAGES, user, stream: false });
  const problems: string[] = [];
  const before = (await ask(s.user)).charged;
  // 24 prompt + 12 completion tokens: 10/20 per 1k → 1 credit (the minimum); 10/1000 per 1k → 13
  await must(call(stack.base, "PATCH", `/api/billing/platforms/${PK}/model-prices/${s.priceId}/`, { who: s.owner, body: { completion_credits_per_1k: 1000 } }), [200], "update price");
  const after = (await ask(s.user)).charged;
  if (before !== "1" || after !== "13") problems.push(`price change: charged ${before} then ${after} (want 1 then 13)`);
  // an empty wallet gets the top-up answer; right after a deposit it is charged
  const empty = await fetch(url, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ model: MODEL, messages: MESSAGES, user: "bench-fresh-b" }) });
  const reason = empty.headers.get("x-paywall-reason");
  await empty.text();
  await must(
    call(stack.base, "POST", `/api/billing/platforms/${PK}/wallets/bench-fresh-b/deposit/`, { who: { name: "token", token: s.token }, headers: { "idempotency-key": "bench-fresh-b" }, body: { amount: 100 } }),
    [200],
    "top-up deposit",
  );
  const paid = (await ask("bench-fresh-b")).charged;
  if (reason !== "insufficient_credits" || paid !== "13") problems.push(`top-up: ${reason ?? "no paywall"} then charged ${paid} (want insufficient_credits then 13)`);
  return figure({
    target: TARGET,
    metric: "fresh: price change and top-up on the next request",
    value: problems.length,
    unit: "stale",
    goal: "0 stale",
    met: problems.length === 0,
    db: stack.secrets.databaseUrl ? "postgres" : "pglite",
    note: problems.join("; ") || "price change charged on the next request; deposit unblocked the next request",
  });
}

export const proxyOverheadBench: Bench = {
  key: "proxy",
  title: "6 metering proxy",
  async run(env) {
    const n = env.quick ? 40 : 200;
    const warm = env.quick ? 10 : 30;
    const upstream = await startUpstreamModel();
    const stack = await startStack({ databaseUrl: env.databaseUrl });
    try {
      const user = "bench-proxy-user";
      const s = await setUp(stack, upstream, user);
      const { balance: before } = (await call(stack.base, "GET", `/api/billing/platforms/${PK}/wallets/${user}/`, { who: s.owner })).json as { balance: number };
      const figures: Figure[] = [];
      for (const stream of [false, true]) {
        env.log(`${stream ? "streaming" : "non-streaming"}: ${warm} warm-up + ${n} requests, proxy and direct alternately`);
        const m = await measure(stack, upstream, s.token, user, stream, n, warm);
        figures.push(...modeFigures(env, m));
      }
      // every proxied request is charged once: 1 credit each at this price
      const { balance: after } = (await call(stack.base, "GET", `/api/billing/platforms/${PK}/wallets/${user}/`, { who: s.owner })).json as { balance: number };
      const expected = 2 * (warm + n);
      if (before - after !== expected) env.log(`WARNING: charged ${before - after} credits for ${expected} requests`);
      figures[0].note += `; charged ${before - after} credits for ${expected} proxied requests`;
      figures.push({ ...(await freshness(stack, s)), db: env.db });
      return figures;
    } finally {
      await stack.stop();
      await upstream.stop();
    }
  },
};
