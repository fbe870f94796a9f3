// Benchmark 5: the guest share link /buy/{uid} of a paywalled item in headless Chromium on
// loopback — the JavaScript it ships (gzipped bytes over the wire), its largest contentful paint
// and its time to first byte, each the median of 5 loads in a fresh browser context (empty cache).
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";
import { DEMO, sellOnAcme, session, withStack } from "../reliability/support/harness";
import { ROOT_DIR } from "../reliability/support/stack";
import { atMost, figure, median, round, type Bench, type BenchEnv, type Figure } from "./support/bench";

const TARGET = "5 buyer page";
const LOADS = 5;
const KB = 1000;

type Load = {
  /** scripts fetched until the network went quiet, encoded (gzipped) body bytes */
  scripts: { url: string; bytes: number; rawBytes: number; encoding: string; afterLoad: boolean }[];
  lcpMs: number | null;
  lcpElement: string | null;
  ttfbMs: number;
  loadEventMs: number;
  hydratedMs: number | null;
  htmlBytes: number;
};

// installed before any page script: LCP entries and the load event, in page time
const OBSERVE = `(() => {
  window.__lcp = null;
  new PerformanceObserver((list) => {
    const last = list.getEntries().at(-1);
    if (last) window.__lcp = { t: last.startTime, el: last.element ? last.element.tagName.toLowerCase() + (last.element.id ? "#" + last.element.id : "") : null };
  }).observe({ type: "largest-contentful-paint", buffered: true });
})()`;

/** The build's framework chunks (React DOM, the App Router runtime): every page of the app loads them. */
function frameworkChunks(): Set<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT_DIR, ".next", "build-manifest.json"), "utf8")) as { rootMainFiles?: string[] };
  return new Set((manifest.rootMainFiles ?? []).map((f) => `/_next/${f}`));
}

async function loadOnce(browser: Browser, url: string): Promise<Load> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.addInitScript(OBSERVE);
    let loaded = false;
    page.once("load", () => (loaded = true));
    const pending: Promise<void>[] = [];
    const scripts: Load["scripts"] = [];
    page.on("requestfinished", (req) => {
      if (req.resourceType() !== "script") return;
      const afterLoad = loaded;
      pending.push(
        (async () => {
          const [sizes, res] = await Promise.all([req.sizes(), req.response()]);
          const body = res ? await res.body().catch(() => Buffer.alloc(0)) : Buffer.alloc(0);
          scripts.push({ url: new URL(req.url()).pathname, bytes: sizes.responseBodySize, rawBytes: body.length, encoding: res?.headers()["content-encoding"] ?? "identity", afterLoad });
        })(),
      );
    });
    const res = await page.goto(url, { waitUntil: "load" });
    if (res?.status() !== 200) throw new Error(`${url} answered ${res?.status()}`);
    const htmlBytes = (await res.request().sizes()).responseBodySize;
    // lazily loaded chunks count too: wait for the network to go quiet, then for hydration
    await page.waitForLoadState("networkidle");
    const hydratedMs = await page
      .waitForFunction(() => {
        const root = document.querySelector("main");
        return root && Object.keys(root).some((k) => k.startsWith("__reactFiber$")) ? performance.now() : false;
      }, undefined, { timeout: 15_000 })
      .then((h) => h.jsonValue() as Promise<number>)
      .catch(() => null);
    if (!(await page.getByRole("button", { name: /^Pay for / }).first().isVisible())) throw new Error("the buy page shows no Pay button");
    await Promise.all(pending);
    const timing = await page.evaluate(() => {
      const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
      const lcp = (window as unknown as { __lcp: { t: number; el: string | null } | null }).__lcp;
      return { ttfb: nav.responseStart - nav.startTime, loadEvent: nav.loadEventStart - nav.startTime, lcp };
    });
    return { scripts, lcpMs: timing.lcp?.t ?? null, lcpElement: timing.lcp?.el ?? null, ttfbMs: timing.ttfb, loadEventMs: timing.loadEvent, hydratedMs, htmlBytes };
  } finally {
    await context.close();
  }
}

export const buyerPageBench: Bench = {
  key: "buyer-page",
  title: "5 buyer page",
  async run(env: BenchEnv): Promise<Figure[]> {
    return withStack(
      async (stack) => {
        const owner = await session(stack, DEMO.owner);
        const fx = await sellOnAcme(stack, owner, `bench-buy-${Date.now().toString(36)}`);
        const url = `${stack.base}/buy/${fx.uid}`;
        // warm the server (first render of the route, connection pool); the loads then measure the page, not start-up
        for (let i = 0; i < (env.quick ? 2 : 5); i++) {
          const r = await fetch(url);
          await r.text();
          if (r.status !== 200) throw new Error(`warm-up ${url}: ${r.status}`);
        }
        const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
        const loads: Load[] = [];
        try {
          for (let i = 0; i < LOADS; i++) {
            const l = await loadOnce(browser, url);
            loads.push(l);
            const kb = l.scripts.reduce((a, s) => a + s.bytes, 0) / KB;
            env.log(`load ${i + 1}: ${l.scripts.length} scripts ${round(kb, 1)} KB, LCP ${round(l.lcpMs ?? NaN, 0)} ms (${l.lcpElement}), TTFB ${round(l.ttfbMs, 1)} ms, hydrated ${round(l.hydratedMs ?? NaN, 0)} ms`);
          }
        } finally {
          await browser.close();
        }

        const jsKb = median(loads.map((l) => l.scripts.reduce((a, s) => a + s.bytes, 0) / KB));
        const rawKb = median(loads.map((l) => l.scripts.reduce((a, s) => a + s.rawBytes, 0) / KB));
        const count = median(loads.map((l) => l.scripts.length));
        const late = median(loads.map((l) => l.scripts.filter((s) => s.afterLoad).length));
        const lcp = loads.every((l) => l.lcpMs != null) ? median(loads.map((l) => l.lcpMs!)) : null;
        const ttfb = median(loads.map((l) => l.ttfbMs));
        const framework = frameworkChunks();
        const frameworkKb = median(loads.map((l) => l.scripts.filter((s) => framework.has(s.url)).reduce((a, s) => a + s.bytes, 0) / KB));
        const encodings = [...new Set(loads.flatMap((l) => l.scripts.map((s) => s.encoding)))].join("/");
        const biggest = [...loads[0].scripts].sort((a, b) => b.bytes - a.bytes).slice(0, 3).map((s) => `${s.url.split("/").pop()} ${round(s.bytes / KB, 1)}`).join(", ");
        const spread = (xs: number[], d = 0) => `${round(Math.min(...xs), d)}–${round(Math.max(...xs), d)}`;
        const ctx = `median of ${LOADS} fresh contexts, headless Chromium, loopback`;
        return [
          figure({
            target: TARGET,
            metric: "first-load JS (gzipped)",
            value: round(jsKb, 1),
            unit: "KB",
            goal: "≤ 120 KB",
            met: atMost(jsKb, 120),
            db: env.db,
            note: `${ctx}; KB = 1,000 B of encoded body (${encodings}); ${round(rawKb, 0)} KB uncompressed; framework (React DOM + App Router runtime, on every page) ${round(frameworkKb, 1)} KB, the app's own ${round(jsKb - frameworkKb, 1)} KB; ${late} fetched after the load event; largest: ${biggest}`,
          }),
          figure({ target: TARGET, metric: "first-load scripts", value: count, unit: "scripts", goal: "—", db: env.db, note: ctx }),
          figure({
            target: TARGET,
            metric: "largest contentful paint",
            value: lcp == null ? null : round(lcp / 1000, 2),
            unit: "s",
            goal: "≤ 1.0 s",
            met: atMost(lcp, 1000),
            db: env.db,
            note: `${ctx}; ${lcp == null ? "no LCP entry" : `range ${spread(loads.map((l) => l.lcpMs!))} ms, element ${loads.at(-1)?.lcpElement}`}; load event ${round(median(loads.map((l) => l.loadEventMs)), 0)} ms, hydrated ${round(median(loads.map((l) => l.hydratedMs ?? NaN)), 0)} ms`,
          }),
          figure({
            target: TARGET,
            metric: "time to first byte",
            value: round(ttfb, 1),
            unit: "ms",
            goal: "≤ 100 ms",
            met: atMost(ttfb, 100),
            db: env.db,
            note: `${ctx}; range ${spread(loads.map((l) => l.ttfbMs), 1)} ms; HTML ${round(median(loads.map((l) => l.htmlBytes)) / KB, 1)} KB encoded`,
          }),
        ];
      },
      { databaseUrl: env.databaseUrl },
    );
  },
};
