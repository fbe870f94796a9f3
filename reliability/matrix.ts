// Permission matrix: every route file × {anonymous, member, admin, owner, operator, owner of
// another platform, token of the platform, token of another platform, revoked token} → the
// status its permission class implies (another platform's records 404, never 403). Routes are
// enumerated from the files and their class read from `withApi({ auth })`, so a new route
// cannot be forgotten: one whose class cannot be read (and is not in OVERRIDES) fails.
// RELIABILITY_MATRIX_DUMP=file writes every cell (request, caller, class, expected, got).
import fs from "node:fs";
import type { Row, Section } from "./support/report";
import {
  ANON,
  DEMO,
  buy,
  call,
  createCatalogItem,
  createPrice,
  describeRes,
  elapsed,
  enablePaywall,
  ensureAcmeConnected,
  flushWebhooks,
  mintToken,
  must,
  pool,
  revokeToken,
  sellOnAcme,
  session,
  withStack,
  type Fixture,
  type Res,
  type Stack,
  type Who,
} from "./support/harness";
import { buildPath, enumerateRoutes, type HttpMethod, type RouteMethod } from "./support/routes";

/** The classes the matrix knows; `withApi` declares the first six. */
export type TrueClass = "public" | "user" | "own-record" | "platform-admin" | "platform-owner" | "operator" | "nextauth" | "not-found" | "api-token";
const DECLARABLE = new Set<string>(["public", "user", "own-record", "platform-admin", "platform-owner", "operator"]);

/**
 * Routes whose declaration does not tell their real class. `declared` is what the file says
 * today; when the file changes (the route gets fixed), the override stops applying and the
 * declared class is checked instead (reported as a stale override, not a failure).
 */
export const OVERRIDES: { route: string; methods: HttpMethod[]; declared: string | null; cls: TrueClass; why: string }[] = [
  { route: "/api/auth/[...nextauth]", methods: ["GET", "POST"], declared: null, cls: "nextauth", why: "next-auth's own handler: public, ignores API tokens" },
  ...["/api/[...unknown]", "/api/[[...unknown]]"].map((route) => ({
    route,
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as HttpMethod[],
    declared: null,
    cls: "not-found" as TrueClass,
    why: "catch-all 404 for unknown /api paths",
  })),
  ...["/api/v1/chat/completions", "/api/v1/models"].map((route) => ({
    route,
    methods: ["GET", "POST"] as HttpMethod[],
    declared: "public",
    cls: "api-token" as TrueClass,
    why: "OpenAI-compatible proxy: the handler takes only a platform API token, to answer OpenAI-shaped errors",
  })),
];

export const CALLERS = ["anonymous", "member", "admin", "owner", "operator", "otherOwner", "token", "otherToken", "revokedToken"] as const;
export type CallerKey = (typeof CALLERS)[number];

type Outcome = 401 | 403 | 404 | "pass";

const ADMIN_LIKE: Record<CallerKey, Outcome> = {
  anonymous: 401,
  member: 403,
  admin: "pass",
  owner: "pass",
  operator: "pass",
  otherOwner: 404,
  token: "pass", // minted by acme's owner
  otherToken: 404,
  revokedToken: 401,
};

/** What a caller gets from a class. `scoped`: the route names a record of acme (another platform's token sees 404). */
export function expectedOutcome(cls: TrueClass, sessionOnly: boolean, scoped: boolean, caller: CallerKey): Outcome {
  if (cls === "not-found") return 404;
  if (cls === "nextauth") return "pass";
  // a platform API token of any platform (its own user administers it); browser sessions are refused
  if (cls === "api-token") return caller === "token" || caller === "otherToken" ? "pass" : 401;
  // public routes ignore a stale or malformed Authorization header; elsewhere it is refused
  if (cls === "public") return "pass";
  if (caller === "revokedToken") return 401;
  if (caller === "anonymous") return 401;
  if (sessionOnly && (caller === "token" || caller === "otherToken")) return 403;
  switch (cls) {
    case "user":
    case "own-record":
      return caller === "otherToken" && scoped ? 404 : "pass";
    case "platform-admin":
      return ADMIN_LIKE[caller];
    case "platform-owner":
      return { ...ADMIN_LIKE, admin: 403 as Outcome, operator: 403 as Outcome }[caller];
    case "operator":
      return caller === "operator" ? "pass" : 403;
  }
}

export type Classified = RouteMethod & { cls: TrueClass | null; sessionOnly: boolean; override?: (typeof OVERRIDES)[number]; stale?: boolean };

/** Each enumerated route method with its class: the override when it still matches the file, else the declaration. */
export function classify(routes = enumerateRoutes()): Classified[] {
  return routes.map((r) => {
    // every route file's OPTIONS is the CORS preflight: anyone, credentials or not
    if (r.method === "OPTIONS" && r.unresolved?.includes("corsPreflight")) return { ...r, cls: "public" as TrueClass, sessionOnly: false };
    const o = OVERRIDES.find((x) => x.route === r.template && x.methods.includes(r.method));
    const declared = r.declared?.auth ?? null;
    if (o && o.declared === declared) return { ...r, cls: o.cls, sessionOnly: r.declared?.sessionOnly ?? false, override: o };
    const stale = Boolean(o);
    if (declared && DECLARABLE.has(declared)) return { ...r, cls: declared as TrueClass, sessionOnly: r.declared!.sessionOnly, stale };
    return { ...r, cls: null, sessionOnly: false, stale };
  });
}

function isScoped(template: string): boolean {
  // a token's own purchases, across platforms: never another platform's records
  if (template === "/api/billing/my-purchases" || template === "/api/billing/my-wallets") return false;
  return /\[(pk|uid|price_uid)\]/.test(template) || template.startsWith("/api/billing/");
}

// ---------------------------------------------------------------- requests per cell

type World = {
  stack: Stack;
  fx: Fixture;
  who: Record<CallerKey, Who>;
  paidSession: string;
  spareTokenId: string;
  // an outbound webhook endpoint of acme and one delivery of a set-up sale to it
  endpointId: string;
  deliveryId: string;
  // a plan of acme (with one tier), a promotion code and an access rule of acme
  planId: string;
  planPriceId: string;
  promotionId: string;
  promotionCode: string;
  ruleId: string;
  // usage credits: a wallet (by external id), a credit pack, a model provider and a model price bound to the fixture item
  walletUser: string;
  packId: string;
  providerId: string;
  modelPriceId: string;
  n: number;
};

// deliveries to a closed port fail and are retried: harmless, and the log has a row to read
const endpointBody = (n: number | string) => ({ url: `http://127.0.0.1:9/matrix-${n}`, events: ["purchase.completed"], description: "permission matrix" });

async function createEndpoint(stack: Stack, owner: Who, n: number | string): Promise<string> {
  const res = await must(call(stack.base, "POST", "/api/billing/platforms/acme/webhook-endpoints/", { who: owner, body: endpointBody(n) }), [201], "create a webhook endpoint");
  return (res.json as { id: string }).id;
}

const planBody = (fx: Fixture, n: number | string) => ({ name: `Matrix plan ${n}`, items: [{ item_type: fx.itemType, item_id: fx.itemId }] });
const promotionBody = (n: number | string) => ({ code: `MATRIX${String(n).replace(/[^A-Za-z0-9]/g, "")}`, percent_off: 10, duration: "once" });
const ruleBody = (fx: Fixture) => ({ target: { item_type: fx.itemType, item_id: fx.itemId }, match: { emails: ["matrix-rule@example.test"] } });

async function createPlan(stack: Stack, owner: Who, fx: Fixture, n: number | string): Promise<{ id: string; priceId: string }> {
  const plan = await must(call(stack.base, "POST", "/api/billing/platforms/acme/plans/", { who: owner, body: planBody(fx, n) }), [201], "create a plan");
  const id = (plan.json as { id: string }).id;
  const tier = { name: `Matrix plan tier ${n}`, amount: "5.00", currency: "usd", interval: "month" };
  const price = await must(call(stack.base, "POST", `/api/billing/platforms/acme/plans/${id}/prices/`, { who: owner, body: tier }), [201], "add a plan tier");
  return { id, priceId: (price.json as { id: string }).id };
}

async function createPromotion(stack: Stack, owner: Who, n: number | string): Promise<{ id: string; code: string }> {
  const res = await must(call(stack.base, "POST", "/api/billing/platforms/acme/promotion-codes/", { who: owner, body: promotionBody(n) }), [201], "create a promotion code");
  return res.json as { id: string; code: string };
}

async function createPack(stack: Stack, owner: Who, n: number | string): Promise<string> {
  const res = await must(call(stack.base, "POST", "/api/billing/platforms/acme/credit-packs/", { who: owner, body: { name: `Matrix pack ${n}`, credits: 100, amount: 100, currency: "usd" } }), [201], "create a credit pack");
  return (res.json as { id: string }).id;
}

async function createProvider(stack: Stack, owner: Who, n: number | string): Promise<string> {
  const res = await must(call(stack.base, "POST", "/api/billing/platforms/acme/model-providers/", { who: owner, body: { name: `Matrix provider ${n}` } }), [201], "create a model provider");
  return (res.json as { id: string }).id;
}

async function createModelPrice(stack: Stack, owner: Who, providerId: string, n: number | string, item?: { type: string; id: string }): Promise<string> {
  const body = { model: `matrix-model-${n}`, provider_id: providerId, prompt_credits_per_1k: 1, completion_credits_per_1k: 1, ...(item ? { item_type: item.type, item_id: item.id } : {}) };
  const res = await must(call(stack.base, "POST", "/api/billing/platforms/acme/model-prices/", { who: owner, body }), [201], "create a model price");
  return (res.json as { id: string }).id;
}

async function createRule(stack: Stack, owner: Who, fx: Fixture): Promise<string> {
  const res = await must(call(stack.base, "POST", "/api/billing/platforms/acme/access-rules/", { who: owner, body: ruleBody(fx) }), [201], "create an access rule");
  return (res.json as { id: string }).id;
}

const ownPlatform = (c: CallerKey) => (c === "otherOwner" || c === "otherToken" ? "globex" : "acme");

type Plan = { path: string; body?: unknown; after?: () => Promise<void> };

/** The concrete request a cell sends: params for the fixture, a benign valid body, and set-up for destructive methods. */
async function planFor(w: World, r: Classified, caller: CallerKey): Promise<Plan> {
  const { fx, stack } = w;
  const owner = w.who.owner;
  const n = ++w.n;
  const t = r.template;
  const values: Record<string, string | string[]> = {
    pk: "acme",
    type: fx.itemType,
    id: fx.itemId,
    uid: fx.uid,
    price_uid: fx.oneTimePrice,
    price_id: fx.oneTimePrice,
    session: [w.paidSession],
    nextauth: [r.method === "GET" ? "session" : "signout"],
    unknown: ["reliability-no-such-route"],
    file: "init.js",
    delivery: w.deliveryId,
  };
  if (t.includes("/webhook-endpoints/[id]")) values.id = w.endpointId;
  if (t.includes("/plans/[uid]")) {
    values.uid = w.planId;
    values.price_id = w.planPriceId;
  }
  if (t.includes("/promotion-codes/[id]")) values.id = w.promotionId;
  if (t.includes("/access-rules/[id]")) values.id = w.ruleId;
  if (t.includes("/credit-packs/[id]")) values.id = w.packId;
  if (t.includes("/model-providers/[id]")) values.id = w.providerId;
  if (t.includes("/model-prices/[id]")) values.id = w.modelPriceId;
  values.user = w.walletUser;
  let query = "";
  let body: unknown;
  let after: (() => Promise<void>) | undefined;

  if (t === "/api/billing/checkout-sessions/[id]") values.id = w.paidSession;
  if (t === "/api/billing/access-check/[type]/[id]") query = "?platform_key=acme";

  // destructive methods get a record of their own
  if (r.method === "DELETE") {
    if (t === "/api/platforms/[pk]/catalog/[type]/[id]") {
      values.id = `matrix-del-${n}`;
      await createCatalogItem(stack, owner, fx.itemType, values.id);
    } else if (t.endsWith("/paywall/prices/[price_id]") || t === "/api/billing/items/prices/[price_uid]") {
      const p = await createPrice(stack, owner, fx.itemType, fx.itemId, { name: `Matrix delete ${n}`, amount: "2.00", currency: "usd", interval: "one_time", sort_order: 50 });
      values.price_id = p;
      values.price_uid = p;
    } else if (t.endsWith("/paywall")) {
      after = async () => void (await enablePaywall(stack, owner, fx.itemType, fx.itemId));
    } else if (t === "/api/service/platforms/[pk]/stripe/connect") {
      await ensureAcmeConnected(stack, owner);
    } else if (t === "/api/billing/platforms/[pk]/webhook-endpoints/[id]") {
      values.id = await createEndpoint(stack, owner, `del-${n}`);
    } else if (t === "/api/billing/platforms/[pk]/plans/[uid]") {
      values.uid = (await createPlan(stack, owner, fx, `del-${n}`)).id;
    } else if (t === "/api/billing/platforms/[pk]/plans/[uid]/prices/[price_id]") {
      const plan = await createPlan(stack, owner, fx, `del-${n}`);
      values.uid = plan.id;
      values.price_id = plan.priceId;
    } else if (t === "/api/billing/platforms/[pk]/promotion-codes/[id]") {
      values.id = (await createPromotion(stack, owner, `del${n}`)).id;
    } else if (t === "/api/billing/platforms/[pk]/access-rules/[id]") {
      values.id = await createRule(stack, owner, fx);
    } else if (t === "/api/billing/platforms/[pk]/credit-packs/[id]") {
      values.id = await createPack(stack, owner, `del-${n}`);
    } else if (t === "/api/billing/platforms/[pk]/model-providers/[id]") {
      values.id = await createProvider(stack, owner, `del-${n}`);
    } else if (t === "/api/billing/platforms/[pk]/model-prices/[id]") {
      values.id = await createModelPrice(stack, owner, w.providerId, `del-${n}`);
    } else if (t === "/api/tokens/[id]") {
      const mine = w.who[caller];
      values.id = mine.cookie ? (await mintToken(stack, mine, ownPlatform(caller), `matrix ${n}`)).id : w.spareTokenId;
    }
  }
  if (t === "/api/tokens/[id]" && !values.id) values.id = w.spareTokenId;

  if (r.method !== "GET" && r.method !== "HEAD" && r.method !== "DELETE" && r.method !== "OPTIONS") {
    const back = `${stack.base}/account?profileTab=monetization`;
    if (t.endsWith("/checkout-guest")) body = { email: `matrix-guest-${n}@example.test`, ...(t.includes("/prices/") ? {} : { price_id: fx.oneTimePrice }) };
    else if (t.endsWith("/checkout")) body = t.includes("/prices/") ? {} : { price_id: fx.monthlyPrice };
    else if (t.endsWith("/paywall")) body = { is_enabled: true };
    else if (t.endsWith("/paywall/prices")) body = { name: `Matrix ${n}`, amount: "3.00", currency: "usd", interval: "one_time", sort_order: 60 };
    else if (t.endsWith("/paywall/prices/[price_id]") || t === "/api/billing/items/prices/[price_uid]") body = { name: "Lifetime" };
    else if (t.endsWith("/subscription/cancel")) body = {};
    else if (t === "/api/me/current-platform") body = { platform_key: ownPlatform(caller) };
    else if (t === "/api/tokens") body = { name: `matrix ${n}`, platform_key: ownPlatform(caller) };
    else if (t === "/api/billing/platforms/[pk]/webhook-endpoints") body = endpointBody(n);
    else if (t === "/api/billing/platforms/[pk]/webhook-endpoints/[id]") body = { description: `touched ${n}` };
    else if (t === "/api/billing/platforms/[pk]/plans") body = planBody(fx, n);
    else if (t === "/api/billing/platforms/[pk]/plans/[uid]") body = { description: `touched ${n}` };
    else if (t === "/api/billing/platforms/[pk]/plans/[uid]/prices") body = { name: `Matrix plan ${n}`, amount: "4.00", currency: "usd", interval: "one_time" };
    else if (t === "/api/billing/platforms/[pk]/plans/[uid]/prices/[price_id]") body = { name: `Matrix plan tier ${n}` };
    else if (t === "/api/billing/platforms/[pk]/decisions") body = { items: [{ item_type: fx.itemType, item_id: fx.itemId }] };
    else if (t === "/api/billing/platforms/[pk]/promotion-codes") body = promotionBody(n);
    else if (t === "/api/billing/platforms/[pk]/promotion-codes/[id]") body = { active: true };
    else if (t === "/api/billing/prices/[price_uid]/quote") body = { promotion_code: w.promotionCode };
    else if (t === "/api/billing/platforms/[pk]/access-rules") body = ruleBody(fx);
    else if (t.endsWith("/tip")) body = { amount: "2.00", currency: "usd", email: `matrix-tip-${n}@example.test` };
    else if (t === "/api/operator/platforms") body = { key: `rel-matrix-${n}`, name: `Matrix ${n}` };
    else if (t === "/api/operator/platforms/[pk]") body = { show_paywall: true };
    else if (t === "/api/operator/platforms/[pk]/members") body = { email: DEMO.member, role: "member" };
    else if (t === "/api/platforms/[pk]/catalog") body = { item_type: "course", item_id: `matrix-${n}`, name: `Matrix ${n}` };
    else if (t === "/api/platforms/[pk]/catalog/[type]/[id]") body = { description: "Touched by the permission matrix." };
    else if (t.includes("/stripe/connect/onboard")) body = { return_url: back, refresh_url: back, business_type: "company" };
    else if (t.startsWith("/api/webhooks/")) body = "{}";
    else if (t.startsWith("/api/auth/") || t.includes("...unknown]")) body = undefined;
    else body = {};
  }
  return { path: buildPath(r.segments, values) + query, body, after };
}

type Cell = { r: Classified; caller: CallerKey; expect: Outcome };

function judge(expect: Outcome, res: Res): string | null {
  if (res.status === 0) return `no answer (${res.error})`;
  if (res.status >= 500) return `server error ${res.status}`;
  if (expect === "pass") return [401, 403, 404].includes(res.status) ? `expected to pass auth, got ${res.status}` : null;
  return res.status === expect ? null : `expected ${expect}, got ${res.status}`;
}

function phaseOf(r: RouteMethod): number {
  if (r.method === "GET" || r.method === "HEAD" || r.method === "OPTIONS") return 0;
  if (r.method !== "DELETE") return 1;
  return r.template === "/api/service/platforms/[pk]/stripe/connect" ? 3 : 2;
}

async function setUp(stack: Stack): Promise<World> {
  const [member, admin, owner, operator, otherOwner] = await Promise.all([DEMO.member, DEMO.admin, DEMO.owner, DEMO.operator, DEMO.otherOwner].map((e) => session(stack, e)));
  const fx = await sellOnAcme(stack, owner, "matrix-item");
  // before the purchases, so their sale events fan out to it
  const endpointId = await createEndpoint(stack, owner, "shared");
  // everyone who may read "their" subscription owns one, so a 404 there can only mean "hidden"
  const sessions: string[] = [];
  for (const buyer of [member, admin, owner, operator, otherOwner]) sessions.push(await buy(stack, buyer, fx, fx.oneTimePrice));
  await flushWebhooks(stack);
  const acmeToken = await mintToken(stack, owner, "acme", "matrix acme");
  const globexToken = await mintToken(stack, otherOwner, "globex", "matrix globex");
  const revoked = await mintToken(stack, owner, "acme", "matrix revoked");
  await revokeToken(stack, owner, revoked.id);
  const spare = await mintToken(stack, owner, "acme", "matrix spare");
  // wait until the purchases are visible (webhooks processed)
  const deadline = Date.now() + 60_000;
  for (const buyer of [member, otherOwner]) {
    while ((await call(stack.base, "GET", `/api/billing/items/${fx.uid}/subscription/`, { who: buyer })).status !== 200) {
      if (Date.now() > deadline) throw new Error(`the set-up purchase of ${buyer.name} never showed`);
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  // the job worker delivers the set-up sales' purchase.completed to the endpoint
  let deliveryId = "";
  while (!deliveryId) {
    const res = await call(stack.base, "GET", `/api/billing/platforms/acme/webhook-endpoints/${endpointId}/deliveries/`, { who: owner });
    deliveryId = (res.json as { results?: { id: string }[] } | undefined)?.results?.[0]?.id ?? "";
    if (!deliveryId && Date.now() > deadline) throw new Error(`no outbound webhook delivery appeared (${res.status} ${res.text.slice(0, 200)})`);
    if (!deliveryId) await new Promise((r) => setTimeout(r, 500));
  }
  const plan = await createPlan(stack, owner, fx, "shared");
  const promotion = await createPromotion(stack, owner, "shared");
  const ruleId = await createRule(stack, owner, fx);
  const walletUser = "matrix-external-user";
  await must(call(stack.base, "POST", `/api/billing/platforms/acme/wallets/${walletUser}/deposit/`, { who: owner, body: { amount: 1000, reason: "permission matrix" } }), [200, 201], "deposit credits");
  const packId = await createPack(stack, owner, "shared");
  const providerId = await createProvider(stack, owner, "shared");
  const modelPriceId = await createModelPrice(stack, owner, providerId, "shared", { type: fx.itemType, id: fx.itemId });
  return {
    walletUser,
    packId,
    providerId,
    modelPriceId,
    stack,
    fx,
    planId: plan.id,
    planPriceId: plan.priceId,
    promotionId: promotion.id,
    promotionCode: promotion.code,
    ruleId,
    paidSession: sessions[0],
    spareTokenId: spare.id,
    endpointId,
    deliveryId,
    n: 0,
    who: {
      anonymous: ANON,
      member: { ...member, name: "member" },
      admin: { ...admin, name: "admin" },
      owner: { ...owner, name: "owner" },
      operator: { ...operator, name: "operator" },
      otherOwner: { ...otherOwner, name: "owner of globex" },
      token: { name: "acme token", token: acmeToken.key },
      otherToken: { name: "globex token", token: globexToken.key },
      revokedToken: { name: "revoked token", token: revoked.key },
    },
  };
}

async function runMatrix(): Promise<Row[]> {
  const started = Date.now();
  const routes = classify();
  const unknown = routes.filter((r) => !r.cls);
  const stale = routes.filter((r) => r.stale);
  const classRow: Row = {
    section: "permission matrix",
    what: "route methods with a known class",
    cases: routes.length,
    failures: unknown.length,
    figures: `${new Set(routes.map((r) => r.file)).size} route files, ${routes.filter((r) => r.override).length} overridden${stale.length ? `, ${stale.length} stale overrides (file changed): ${stale.map((r) => `${r.method} ${r.template}`).join(", ")}` : ""}`,
    examples: unknown.map((r) => `${r.method} ${r.template} (${r.file}): no known permission class — ${r.unresolved ?? `declares ${r.declared?.auth}`}; add it to OVERRIDES in reliability/matrix.ts`),
  };

  const cells: Cell[] = [];
  for (const r of routes) {
    if (!r.cls) continue;
    for (const caller of CALLERS) cells.push({ r, caller, expect: expectedOutcome(r.cls, r.sessionOnly, isScoped(r.template), caller) });
  }

  const failures: string[] = [];
  let serverErrors = 0;
  const dump: string[] = [];
  const byStatus = new Map<string, number>();
  await withStack(async (stack) => {
    const w = await setUp(stack);
    for (const phase of [0, 1, 2, 3]) {
      const mine = cells.filter((c) => phaseOf(c.r) === phase);
      // reads and non-destructive writes in parallel; destructive cells one at a time (their set-up and restore must not overlap)
      await pool(mine, phase <= 1 ? 4 : 1, async (c) => {
        let plan: Plan;
        try {
          plan = await planFor(w, c.r, c.caller);
        } catch (e) {
          failures.push(`${c.r.method} ${c.r.template} as ${c.caller}: set-up failed: ${(e as Error).message}`);
          return;
        }
        const res = await call(stack.base, c.r.method, plan.path, { who: w.who[c.caller], body: plan.body });
        byStatus.set(String(res.status), (byStatus.get(String(res.status)) ?? 0) + 1);
        if (res.status >= 500) serverErrors++;
        const problem = judge(c.expect, res);
        dump.push(`${problem ? "FAIL" : "ok  "} ${c.r.method.padEnd(7)} ${plan.path.padEnd(110)} ${c.caller.padEnd(12)} ${String(c.r.cls).padEnd(14)} expect ${String(c.expect).padEnd(4)} got ${res.status}`);
        if (problem) failures.push(`${c.r.method} ${plan.path} as ${c.caller} [${c.r.cls}${c.r.sessionOnly ? ", session only" : ""}]: ${problem} — ${describeRes(res)}`);
        if (plan.after) await plan.after().catch((e) => failures.push(`${c.r.method} ${plan.path}: restoring the fixture failed: ${(e as Error).message}`));
      });
    }
  }, { env: { OUTBOUND_WEBHOOKS_ALLOW_PRIVATE: "1" } });

  if (process.env.RELIABILITY_MATRIX_DUMP) fs.writeFileSync(process.env.RELIABILITY_MATRIX_DUMP, dump.join("\n") + "\n");
  const statuses = [...byStatus.entries()].sort().map(([s, n]) => `${s}×${n}`).join(" ");
  return [
    classRow,
    {
      section: "permission matrix",
      what: `route methods × ${CALLERS.length} callers`,
      cases: cells.length,
      failures: failures.length,
      figures: `${serverErrors} 5xx; statuses ${statuses}; ${elapsed(started)}`,
      examples: failures.slice(0, 25),
    },
  ];
}

export const section: Section = { name: "matrix", run: runMatrix };
