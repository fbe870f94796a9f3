// Web security and abuse, as requests against a started server, plus a scan of the built client
// bundles (and the pages the server renders) for any server secret value. These describe the
// behaviour we want: each check names what it expects, and a row counts the checks that did not
// hold, with the answers as examples.
import fs from "node:fs";
import path from "node:path";
import type { Row, Section } from "./support/report";
import {
  DEMO,
  call,
  describeRes,
  detailOf,
  flushWebhooks,
  guestBuy,
  isJson,
  localStripeConfig,
  mintToken,
  rawRequest,
  sellOnAcme,
  session,
  snippet,
  withStack,
  type Res,
  type Stack,
  type Who,
} from "./support/harness";
import { ROOT_DIR } from "./support/stack";

type Check = { name: string; ok: boolean; detail: string };

class Group {
  checks: Check[] = [];
  constructor(
    public what: string,
    public expectation: string,
  ) {}
  check(name: string, ok: boolean, detail: string) {
    this.checks.push({ name, ok, detail });
  }
  row(): Row {
    const bad = this.checks.filter((c) => !c.ok);
    return {
      section: "security",
      what: this.what,
      cases: this.checks.length,
      failures: bad.length,
      figures: bad.length ? `expected: ${this.expectation}` : this.expectation,
      examples: bad.map((c) => `${c.name}: ${c.detail}`).slice(0, 12),
    };
  }
}

const EVIL = "evil.example";

/** Where a redirect goes, the way a browser resolves it (backslashes, tabs, scheme-relative). */
function landing(base: string, location: string | null | undefined): string | null {
  if (!location) return null;
  try {
    return new URL(location, base).origin;
  } catch {
    return "unparseable";
  }
}

function metaRefreshTarget(html: string): string | null {
  const m = html.match(/http-equiv="refresh"[^>]*content="[^"]*url=([^"]+)"/i) ?? html.match(/content="[^"]*url=([^"]+)"[^>]*http-equiv="refresh"/i);
  return m ? m[1].replace(/&amp;/g, "&") : null;
}

const SECURITY_HEADERS = [
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "permissions-policy",
  "cross-origin-opener-policy",
  "content-security-policy",
  "strict-transport-security",
];

/** The security headers `baseline` (a normal answer of the same kind) carries that `res` lacks; nosniff and framing are always required. */
function headerProblems(res: Res, baseline: Res): string[] {
  const required = new Set(["x-content-type-options", "x-frame-options", ...SECURITY_HEADERS.filter((h) => baseline.headers.get(h))]);
  return [...required].filter((h) => !res.headers.get(h)).map((h) => `no ${h}`);
}

async function csrf(stack: Stack): Promise<{ token: string; cookie: string }> {
  const res = await fetch(`${stack.base}/api/auth/csrf`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { token: csrfToken, cookie: res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") };
}

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function deepHas(v: unknown, key: string): boolean {
  if (!v || typeof v !== "object") return false;
  if (Array.isArray(v)) return v.some((x) => deepHas(x, key));
  return Object.entries(v).some(([k, x]) => k === key || deepHas(x, key));
}

// ---------------------------------------------------------------- the checks

async function redirects(stack: Stack, member: Who): Promise<Group> {
  const g = new Group("open redirects via callbackUrl (sign-in page, credentials callback)", "every redirect stays on the app's origin");
  const own = new URL(stack.base).origin;
  const targets = ["/\\evil.example/", "/\t/evil.example", "//evil.example", "https://evil.example", "/\\/evil.example/", "http:evil.example", "\\\\evil.example", "/%5Cevil.example/"];
  for (const cb of targets) {
    const res = await call(stack.base, "GET", `/sign-in?callbackUrl=${encodeURIComponent(cb)}`, { who: member });
    const loc = res.headers.get("location");
    const meta = res.status === 200 ? metaRefreshTarget(res.text) : null;
    const where = landing(stack.base, loc ?? meta);
    g.check(`GET /sign-in?callbackUrl=${JSON.stringify(cb)} (signed in)`, res.status < 500 && (where === null || where === own), `${res.status} → ${JSON.stringify(loc ?? meta)} lands on ${where}`);
  }
  for (const cb of targets) {
    const { token, cookie } = await csrf(stack);
    const res = await call(stack.base, "POST", "/api/auth/callback/credentials", {
      body: form({ csrfToken: token, email: DEMO.member, password: "tollgate-demo", callbackUrl: cb, json: "true" }),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `${cookie}; next-auth.callback-url=${encodeURIComponent(cb)}` },
    });
    const url = (res.json as { url?: string } | undefined)?.url ?? res.headers.get("location");
    const where = landing(stack.base, url);
    g.check(
      `POST /api/auth/callback/credentials with callbackUrl=${JSON.stringify(cb)} (body and next-auth.callback-url cookie)`,
      res.status < 500 && where === own,
      `${res.status} → ${JSON.stringify(url)} lands on ${where}${res.status >= 500 ? ` — ${snippet(res.text, 120)}` : ""}`,
    );
  }
  return g;
}

async function headers(stack: Stack, owner: Who, token: string, uid: string): Promise<Group> {
  const g = new Group("security headers: CSP frame-ancestors on pages, no-store on authenticated API answers", "pages: CSP with frame-ancestors 'none'; authenticated JSON: Cache-Control no-store");
  for (const [p, who] of [["/", undefined], ["/sign-in", undefined], [`/buy/${uid}`, undefined], ["/account", owner], ["/profile?tab=purchases", owner]] as [string, Who | undefined][]) {
    const res = await call(stack.base, "GET", p, { who });
    const csp = res.headers.get("content-security-policy") ?? "";
    g.check(`GET ${p}${who ? " (signed in)" : ""}`, res.status < 500 && csp.includes("frame-ancestors 'none'"), `${res.status} content-security-policy: ${JSON.stringify(csp || null)}`);
  }
  const apiCases: [string, Who][] = [
    ["/api/me", owner],
    ["/api/tokens/", owner],
    ["/api/billing/platforms/acme/paywalls/", owner],
    ["/api/billing/platforms/acme/revenue/", owner],
    [`/api/billing/items/${uid}/access-check/`, { name: "token", token }],
    ["/api/billing/platforms/acme/my-subscriptions/", { name: "token", token }],
  ];
  for (const [p, who] of apiCases) {
    const res = await call(stack.base, "GET", p, { who });
    const cc = res.headers.get("cache-control") ?? "";
    g.check(`GET ${p} as ${who.name === "token" ? "token" : "session"}`, res.status < 500 && cc.includes("no-store"), `${res.status} cache-control: ${JSON.stringify(cc || null)}`);
  }
  return g;
}

async function origins(stack: Stack, owner: Who): Promise<Group> {
  const g = new Group("cross-site cookie mutations (Origin / X-Forwarded-Host)", "403 JSON with detail, never 500 or a pass");
  const port = new URL(stack.base).port;
  const send = (h: Record<string, string>) =>
    call(stack.base, "PUT", "/api/me/current-platform/", { who: owner, body: { platform_key: "acme" }, origin: false, headers: h });
  const control = await send({ origin: new URL(stack.base).origin });
  g.check("control: same origin passes", control.status === 200, describeRes(control));
  const cases: [string, Record<string, string>][] = [
    ["Origin: null", { origin: "null" }],
    ["Origin: garbage", { origin: "garbage" }],
    ["Origin: http://evil.example", { origin: `http://${EVIL}` }],
    [`Origin: https://127.0.0.1:${port} (other scheme)`, { origin: `https://127.0.0.1:${port}` }],
    [`Origin: http://127.0.0.1:${Number(port) + 1} (other port)`, { origin: `http://127.0.0.1:${Number(port) + 1}` }],
    ["Origin: http://evil.example + X-Forwarded-Host: evil.example", { origin: `http://${EVIL}`, "x-forwarded-host": EVIL }],
    ["Origin: https://evil.example + X-Forwarded-Host/Proto", { origin: `https://${EVIL}`, "x-forwarded-host": EVIL, "x-forwarded-proto": "https" }],
    ["no Origin, Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
  ];
  for (const [name, h] of cases) {
    const res = await send(h);
    g.check(name, res.status === 403 && isJson(res) && detailOf(res) !== undefined, describeRes(res));
  }
  return g;
}

async function guestOwnership(stack: Stack, uid: string, priceUid: string): Promise<Group> {
  const g = new Group("guest checkout does not reveal who bought", "a neutral refusal: no ids, no statement that this e-mail bought the item");
  const email = `bought-${Date.now()}@example.test`;
  const cs = await guestBuy(stack, email, { uid }, priceUid);
  await flushWebhooks(stack);
  const deadline = Date.now() + 60_000;
  let granted = false;
  while (!granted && Date.now() < deadline) {
    const s = await call(stack.base, "GET", `/api/billing/checkout-sessions/${cs}/`);
    granted = Boolean((s.json as { access_granted?: boolean } | undefined)?.access_granted);
    if (!granted) await new Promise((r) => setTimeout(r, 300));
  }
  g.check("set-up: the guest purchase was granted", granted, `checkout session ${cs}`);
  const fresh = await call(stack.base, "POST", `/api/billing/items/${uid}/checkout-guest/`, { body: { email: `never-${Date.now()}@example.test`, price_id: priceUid } });
  const again = await call(stack.base, "POST", `/api/billing/items/${uid}/checkout-guest/`, { body: { email, price_id: priceUid } });
  g.check("buying again with the same e-mail: no subscription_id", !deepHas(again.json, "subscription_id") && !again.text.includes("subscription_id"), describeRes(again));
  // Short of an e-mail-confirmed checkout, a refusal differs from a Stripe checkout page; what it
  // must not do is say who owns what or hand out the owner's records.
  const keys = (r: Res) => (r.json && typeof r.json === "object" ? Object.keys(r.json).sort().join(",") : "-");
  g.check(
    "buying again is refused neutrally: {detail, code} only, no ownership stated",
    fresh.status === 200 && again.status === 400 && keys(again) === "code,detail" && !/already|exists/i.test(detailOf(again) ?? ""),
    `new e-mail: ${fresh.status} {${keys(fresh)}}; buyer's e-mail: ${again.status} {${keys(again)}} ${snippet(again.text, 120)}`,
  );
  return g;
}

async function forwardedFor(stack: Stack, uid: string, priceUid: string): Promise<Group> {
  const g = new Group("per-IP guest checkout limit vs spoofed client-address headers", "429 within 35 guest checkouts whatever address headers say (no TRUSTED_PROXY_HOPS)");
  const variants: [string, (i: number) => Record<string, string>][] = [
    ["rotating X-Forwarded-For", (i) => ({ "x-forwarded-for": `203.0.113.${i % 250}` })],
    ["rotating X-Real-IP / Forwarded / True-Client-IP", (i) => ({ "x-real-ip": `198.51.100.${i}`, forwarded: `for=198.51.100.${i}`, "true-client-ip": `198.51.100.${i}`, "cf-connecting-ip": `198.51.100.${i}` })],
    ["rotating X-Tollgate-Peer-Address (the launcher's own header)", (i) => ({ "x-tollgate-peer-address": `192.0.2.${i}` })],
  ];
  let n = 0;
  for (const [name, hdr] of variants) {
    let limited: Res | null = null;
    let errors = 0;
    const statuses: number[] = [];
    for (let i = 0; i < 35 && !limited; i++) {
      const res = await call(stack.base, "POST", `/api/billing/items/${uid}/checkout-guest/`, { body: { email: `xff-${n++}-${Date.now()}@example.test`, price_id: priceUid }, headers: hdr(i) });
      statuses.push(res.status);
      if (res.status === 429) limited = res;
      else if (res.status >= 500 || res.status === 0) errors++;
    }
    g.check(
      name,
      Boolean(limited) && errors === 0,
      limited ? `429 after ${statuses.length} (Retry-After ${limited.headers.get("retry-after")}); ${errors} errors` : `no 429 in ${statuses.length} requests: ${summarize(statuses)}`,
    );
  }
  return g;
}

function summarize(statuses: number[]): string {
  const m = new Map<number, number>();
  for (const s of statuses) m.set(s, (m.get(s) ?? 0) + 1);
  return [...m.entries()].map(([s, c]) => `${s}×${c}`).join(" ");
}

async function bruteForce(stack: Stack): Promise<Group> {
  const g = new Group("password guessing (25 wrong passwords, one account)", "429 with Retry-After before the 25th");
  const { token, cookie } = await csrf(stack);
  const statuses: number[] = [];
  let limited: Res | null = null;
  for (let i = 0; i < 25 && !limited; i++) {
    const res = await call(stack.base, "POST", "/api/auth/callback/credentials", {
      body: form({ csrfToken: token, email: DEMO.admin, password: `wrong-${i}`, json: "true" }),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    });
    statuses.push(res.status);
    if (res.status === 429) limited = res;
  }
  g.check("POST /api/auth/callback/credentials × 25 wrong", Boolean(limited?.headers.get("retry-after")), limited ? `429 after ${statuses.length}, Retry-After ${JSON.stringify(limited.headers.get("retry-after"))}` : `statuses ${summarize(statuses)}`);
  return g;
}

async function magicLinks(stack: Stack): Promise<{ limits: Group; log: Group }> {
  const limits = new Group("magic-link sending limits", "429 (not 200) over the per-address limit and for 15 addresses from one client");
  const log = new Group("no magic-link token in the server log", "the log never holds a sign-in URL with its token");
  const send = async (email: string) => {
    const { token, cookie } = await csrf(stack);
    return call(stack.base, "POST", "/api/auth/signin/email", {
      body: form({ csrfToken: token, email, callbackUrl: "/", json: "true" }),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    });
  };
  const one = `magic-one-${Date.now()}@example.test`;
  const perAddress: number[] = [];
  let hit: Res | null = null;
  for (let i = 0; i < 8 && !hit; i++) {
    const res = await send(one);
    perAddress.push(res.status);
    if (res.status === 429) hit = res;
    if (i === 0) {
      await new Promise((r) => setTimeout(r, 1000)); // let the first e-mail be "sent" (and logged)
      const out = stack.app.output();
      const leak = out.split("\n").find((l) => /callback\/email\?[^\s]*token=|[?&]token=[A-Za-z0-9]{16,}/.test(l));
      // without SMTP the mail lands in DATA_DIR/mail/outbox.jsonl: proof that a link was made at all
      let sent = false;
      try {
        sent = fs.readFileSync(path.join(stack.app.dataDir, "mail", "outbox.jsonl"), "utf8").includes(one);
      } catch {}
      log.check("after one magic-link request", !leak && sent, leak ? snippet(leak, 220) : sent ? "the link went to the outbox, not the log" : `inconclusive: no mail to ${one} in the outbox (${res.status} ${snippet(res.text, 100)})`);
    }
  }
  limits.check(`8 requests for one address`, Boolean(hit), hit ? `429 after ${perAddress.length}` : `statuses ${summarize(perAddress)} (200 means the limit answers like success)`);
  const many: number[] = [];
  hit = null;
  for (let i = 0; i < 15 && !hit; i++) {
    const res = await send(`magic-many-${i}-${Date.now()}@example.test`);
    many.push(res.status);
    if (res.status === 429) hit = res;
  }
  limits.check("15 different addresses from one client", Boolean(hit), hit ? `429 after ${many.length}` : `statuses ${summarize(many)}`);
  const out = stack.app.output();
  const leak = out.split("\n").find((l) => /callback\/email\?[^\s]*token=|[?&]token=[A-Za-z0-9]{16,}/.test(l));
  log.check("after all magic-link requests", !leak, leak ? snippet(leak, 220) : "clean");
  return { limits, log };
}

async function plumbing(stack: Stack): Promise<Group[]> {
  const nope = new Group("unknown /api path or method", '404 JSON {"detail":"Not found."} (405 JSON for a method the route lacks)');
  for (const m of ["GET", "POST", "DELETE"]) {
    const res = await call(stack.base, m, "/api/nope", { body: m === "GET" ? undefined : {} });
    nope.check(`${m} /api/nope`, res.status === 404 && isJson(res) && detailOf(res) === "Not found.", describeRes(res));
  }
  for (const p of ["/api/nope/deeper/still/", "/api", "/api/"]) {
    const res = await call(stack.base, "GET", p);
    nope.check(`GET ${p}`, res.status === 404 && isJson(res) && detailOf(res) === "Not found.", describeRes(res));
  }
  const wrong = await call(stack.base, "DELETE", "/api/me", { body: {} });
  nope.check("DELETE /api/me (a method the route does not have)", wrong.status === 405 && isJson(wrong) && detailOf(wrong) !== undefined, describeRes(wrong));

  const icon = new Group("favicon", "GET /favicon.ico answers 200");
  const fav = await call(stack.base, "GET", "/favicon.ico");
  icon.check("GET /favicon.ico", fav.status === 200, `${fav.status} ${fav.headers.get("content-type")}`);

  const enc = new Group("malformed percent-encoding in paths", "4xx (JSON under /api) with the security headers of a normal answer");
  const apiBaseline = await call(stack.base, "GET", "/api/health");
  const pageBaseline = await call(stack.base, "GET", "/sign-in");
  for (const p of ["/api/billing/items/%zz/pricing/", "/api/billing/platforms/%E0%A4%A/paywalls/", "/api/billing/items/%ED%A0%80/access-check/", "/buy/%zz", "/p/%zz/items/course/x"]) {
    const r = await rawRequest(stack.base, "GET", p);
    const api = p.startsWith("/api/");
    const problems = [
      ...(r.status >= 400 && r.status < 500 ? [] : [`status ${r.status || r.error}`]),
      ...(api && !(isJson(r) && detailOf(r) !== undefined) ? ["not JSON with detail"] : []),
      ...headerProblems(r, api ? apiBaseline : pageBaseline),
    ];
    enc.check(`GET ${p}`, problems.length === 0, `${problems.join("; ") || "ok"} — ${describeRes(r)}`);
  }
  const auth = new Group("next-auth requests with an empty JSON body", "an answer (4xx as JSON), never 5xx");
  for (const p of ["/api/auth/session", "/api/auth/signin/email", "/api/auth/callback/credentials", "/api/auth/_log", "/api/auth/signout"]) {
    for (const body of ["", " "]) {
      const r = await rawRequest(stack.base, "POST", `${p}?platform_key=1e308&error=101`, { body: Buffer.from(body), headers: { "content-type": "application/json", origin: new URL(stack.base).origin } });
      auth.check(`POST ${p} (${JSON.stringify(body)})`, r.status >= 200 && r.status < 500 && (r.status < 400 || isJson(r)), `${r.status} ${describeRes(r)}`);
    }
  }
  return [nope, icon, enc, auth];
}

async function oversize(stack: Stack, uid: string): Promise<Group> {
  const g = new Group("50 MB request bodies to anonymous endpoints", "413 JSON with detail, quickly, server still up");
  const big = Buffer.alloc(50 * 1024 * 1024, "a");
  Buffer.from('{"email":"').copy(big, 0);
  Buffer.from('"}').copy(big, big.length - 2);
  for (const p of ["/api/webhooks/stripe", `/api/billing/items/${uid}/checkout-guest/`, "/api/auth/callback/credentials"]) {
    const res = await rawRequest(stack.base, "POST", p, { body: big, headers: { "content-type": "application/json", origin: new URL(stack.base).origin }, timeoutMs: 120_000 });
    g.check(`POST ${p} (50 MB)`, res.status === 413 && isJson(res) && detailOf(res) !== undefined, `${describeRes(res)} in ${Math.round(res.ms)} ms`);
  }
  const health = await call(stack.base, "GET", "/api/health");
  g.check("GET /api/health afterwards", health.status === 200, describeRes(health));
  return g;
}

// ---------------------------------------------------------------- secrets in what browsers get

function filesUnder(dir: string, keep: (f: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) filesUnder(full, keep, out);
    else if (keep(full)) out.push(full);
  }
  return out;
}

function readJsonValues(file: string): string[] {
  try {
    const v = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    return Object.values(v).filter((x): x is string => typeof x === "string");
  } catch {
    return [];
  }
}

async function secrets(stack: Stack, owner: Who, uid: string): Promise<Group> {
  const g = new Group("server secrets in client bundles and rendered pages", "no secret value and no sk_test_/sk_live_/whsec_ literal in anything sent to browsers");
  const cfg = await localStripeConfig(stack);
  const values: [string, string][] = [
    ["NEXTAUTH_SECRET (this run)", stack.secrets.nextAuthSecret],
    ["platform webhook secret", cfg.webhook_secrets.platform],
    ["connect webhook secret", cfg.webhook_secrets.connect],
  ];
  if (stack.secrets.databaseUrl) values.push(["DATABASE_URL", stack.secrets.databaseUrl]);
  for (const k of ["NEXTAUTH_SECRET", "DATABASE_URL", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "STRIPE_CONNECT_WEBHOOK_SECRET", "EMAIL_SERVER", "RELIABILITY_DATABASE_URL"]) {
    const v = process.env[k];
    if (v && v.length >= 8) values.push([`${k} (runner's environment, maybe the build's)`, v]);
  }
  // the build machine's embedded defaults, when this checkout has run before
  const devSecret = path.join(ROOT_DIR, ".data", "nextauth-secret");
  if (fs.existsSync(devSecret)) values.push(["NEXTAUTH secret generated in .data/", fs.readFileSync(devSecret, "utf8").trim()]);
  for (const v of readJsonValues(path.join(ROOT_DIR, ".data", "local-stripe", "secrets.json"))) values.push(["Local Stripe secret in .data/", v]);
  const literal = /(sk_test_|sk_live_|rk_live_|whsec_)[A-Za-z0-9]*/g;

  const files = [
    ...filesUnder(path.join(ROOT_DIR, ".next", "static"), () => true),
    ...filesUnder(path.join(ROOT_DIR, ".next", "server", "app"), (f) => /\.(html|rsc|body|meta)$/.test(f)),
  ];
  let bytes = 0;
  const hits: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(f, "latin1");
    bytes += text.length;
    for (const [name, v] of values) if (v && text.includes(v)) hits.push(`${path.relative(ROOT_DIR, f)} holds the ${name}`);
    for (const m of text.matchAll(literal)) hits.push(`${path.relative(ROOT_DIR, f)} holds the literal ${JSON.stringify(snippet(text.slice(Math.max(0, m.index! - 30), m.index! + 40), 90))}`);
  }
  g.check(`${files.length} built files (${(bytes / 1e6).toFixed(1)} MB) under .next/static and prerendered pages`, hits.length === 0, hits.slice(0, 6).join("; ") || "clean");

  const pages: [string, Who | undefined][] = [
    ["/", undefined],
    ["/sign-in", undefined],
    [`/buy/${uid}`, undefined],
    ["/account?profileTab=monetization", owner],
    ["/operator", owner],
    ["/api/auth/providers", undefined],
    ["/api/auth/session", owner],
  ];
  const pageHits: string[] = [];
  for (const [p, who] of pages) {
    const res = await call(stack.base, "GET", p, { who });
    for (const [name, v] of values) if (v && res.text.includes(v)) pageHits.push(`${p} holds the ${name}`);
    for (const m of res.text.matchAll(literal)) pageHits.push(`${p} holds ${JSON.stringify(m[0].slice(0, 12))}…`);
  }
  g.check(`${pages.length} rendered pages and auth endpoints`, pageHits.length === 0, pageHits.slice(0, 6).join("; ") || "clean");
  return g;
}

/**
 * The access-decision log keeps its counts in memory for a few seconds; a clean stop (SIGTERM, as
 * a process manager sends it) writes them before the process ends.
 */
async function decisionLog(stack: Stack, owner: Who, member: Who): Promise<Group> {
  const g = new Group("access-decision counts across a clean restart (SIGTERM)", "every access check counted exactly once, none lost at shutdown");
  const fx = await sellOnAcme(stack, owner, "decision-log-item");
  const checks = 25;
  for (let i = 0; i < checks; i++) {
    const res = await call(stack.base, "GET", `/api/billing/items/${fx.uid}/access-check/`, { who: member });
    if (res.status !== 402) g.check(`check ${i + 1}`, false, describeRes(res));
  }
  await stack.app.stop();
  await stack.app.start();
  const res = await call(stack.base, "GET", "/api/billing/platforms/acme/insights/", { who: owner });
  const items = (res.json as { items?: { item_id: string; paywall_shown: number }[] } | undefined)?.items ?? [];
  const shown = items.find((i) => i.item_id === fx.itemId)?.paywall_shown ?? 0;
  g.check(`${checks} denied checks, then SIGTERM and a restart`, res.status === 200 && shown === checks, `insights answered ${res.status}, paywall_shown ${shown}`);
  return g;
}

async function runSecurity(): Promise<Row[]> {
  const groups: Group[] = [];
  await withStack(async (stack) => {
    const [owner, member] = await Promise.all([DEMO.owner, DEMO.member].map((e) => session(stack, e)));
    const fx = await sellOnAcme(stack, owner, "security-item");
    const token = await mintToken(stack, owner, "acme", "security");
    const step = async <T>(name: string, fn: () => Promise<T>): Promise<T | null> => {
      try {
        return await fn();
      } catch (e) {
        const g = new Group(name, "the check ran");
        g.check("harness", false, (e as Error).message);
        groups.push(g);
        return null;
      }
    };
    groups.push(...((await step("plumbing", () => plumbing(stack))) ?? []));
    for (const g of [
      await step("headers", () => headers(stack, owner, token.key, fx.uid)),
      await step("origins", () => origins(stack, owner)),
      await step("redirects", () => redirects(stack, member)),
      await step("guest ownership", () => guestOwnership(stack, fx.uid, fx.oneTimePrice)),
      await step("oversize bodies", () => oversize(stack, fx.uid)),
      await step("forwarded-for", () => forwardedFor(stack, fx.uid, fx.oneTimePrice)),
      await step("secrets", () => secrets(stack, owner, fx.uid)),
      // last: these may lock this client out of signing in
      await step("password guessing", () => bruteForce(stack)),
    ])
      if (g) groups.push(g);
    const ml = await step("magic links", () => magicLinks(stack));
    if (ml) groups.push(ml.limits, ml.log);
    // last: restarts the app
    const dl = await step("decision log", () => decisionLog(stack, owner, member));
    if (dl) groups.push(dl);
  });
  return groups.map((g) => g.row());
}

export const section: Section = { name: "security", run: runSecurity };
