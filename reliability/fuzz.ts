// Fuzz: property-based (fast-check) over every endpoint's params, query and body — types,
// missing fields, huge, nested and unicode strings, surrogates, NUL, bad amounts and
// currencies, path tricks — against a started server, as anonymous, a member and an admin.
// The property: no 5xx, no hang, and every 4xx is JSON with a string `detail` (413 is fine).
// Cases are drawn with a seed (printed; RELIABILITY_FUZZ_SEED replays a run), the routes come
// from the same enumeration as the permission matrix.
import fc from "fast-check";
import type { Row, Section } from "./support/report";
import {
  DEMO,
  call,
  createPrice,
  detailOf,
  elapsed,
  enablePaywall,
  groupCpuMs,
  isJson,
  pool,
  rawRequest,
  sellOnAcme,
  session,
  snippet,
  withStack,
  type Fixture,
  type Res,
  type Stack,
  type Who,
} from "./support/harness";
import { enumerateRoutes, type RouteMethod, type Segment } from "./support/routes";

const CONCURRENCY = 4;

/** encodeURIComponent that does not throw: a lone surrogate goes out as its (invalid) 3-byte UTF-8 form, e.g. %ED%A0%80. */
export function pctEncode(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && s.charCodeAt(i + 1) >= 0xdc00 && s.charCodeAt(i + 1) <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else out += encodeURIComponent(s[i]);
  }
  return out;
}

// ---------------------------------------------------------------- arbitraries

const NASTY_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud800y",
  "\ud83d\ude00",
  "\u202e\u0645\u0631\u062d\u0628\u0627",
  "\u200b\ufeff",
  "e\u0301",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "NaN",
  "-0",
  "1e308",
  "-1e308",
  "Infinity",
  "0x10",
  "__proto__",
  "constructor",
  "' OR 1=1 --",
  "<script>alert(1)</script>",
  "../../etc/passwd",
  "%00",
  "%zz",
  "\\",
  "\r\n",
  "${jndi:ldap://x}",
  "{{7*7}}",
];

const AMOUNTS: unknown[] = [
  "15",
  "15.00",
  "15.999",
  "0",
  "0.00",
  "-5.00",
  " 15 ",
  "15,00",
  "1e3",
  "1e308",
  "99999999.99",
  "999999999",
  "100000000",
  "00000001",
  ".5",
  "5.",
  "NaN",
  "Infinity",
  "-0",
  "\u0661\u0665",
  "15\u0000",
  15,
  15.5,
  0,
  -0,
  -1,
  1e308,
  -1e308,
  2 ** 53 + 1,
  1e-7,
  null,
  true,
  [],
  {},
];

const CURRENCIES: unknown[] = ["usd", "USD", "eur", "jpy", "krw", "bhd", "kwd", "jod", "xxx", "", "us", "usdd", "US D", "usd\u0000", "\ud800sd", "ùsd", 840, null, ["usd"], { code: "usd" }];

const FIELD_NAMES = [
  "price_id",
  "success_url",
  "cancel_url",
  "email",
  "name",
  "amount",
  "currency",
  "interval",
  "features",
  "remark",
  "sort_order",
  "is_active",
  "description",
  "is_enabled",
  "allow_free_tier",
  "trial_period_days",
  "grandfathering_strategy",
  "item_name",
  "on_successful_payment",
  "item_metadata",
  "platform_key",
  "key",
  "enable_monetization",
  "show_paywall",
  "default_commission_bps",
  "commission_bps",
  "allowed_domains",
  "role",
  "item_type",
  "item_id",
  "url",
  "return_url",
  "refresh_url",
  "business_type",
  "csrfToken",
  "password",
  "callbackUrl",
  "id",
  "type",
  "data",
  "__proto__",
];

const QUERY_KEYS = ["page", "page_size", "status", "item_type", "search", "q", "limit", "refresh", "platform_key", "return_url", "checkout_session_id", "stripe_checkout_id", "is_enabled", "callbackUrl", "error"];

const URLS = ["http://127.0.0.1/ok", "https://evil.example/", "javascript:alert(1)", "//evil.example", "/relative", "http://[::1]:99999/", "http://a\u0000b/", "ftp://x/", "http://" + "a".repeat(3000) + ".test/", "not a url"];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 3, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 20_000 }).map((n) => "x".repeat(n)) },
  { weight: 1, arbitrary: fc.constantFrom(...URLS) },
  { weight: 1, arbitrary: fc.uuid() },
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(...AMOUNTS) },
  { weight: 1, arbitrary: fc.constantFrom(...CURRENCIES) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
);

const value: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { weight: 6, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(tie("v"), { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.string({ maxLength: 8 })), tie("v"), { maxKeys: 4 }) },
  ),
})).v;

/** A value for one field: mostly of the kind the field expects to be wrong about. */
function fieldValue(field: string): fc.Arbitrary<unknown> {
  if (field === "amount") return fc.oneof(fc.constantFrom(...AMOUNTS), value);
  if (field === "currency") return fc.oneof(fc.constantFrom(...CURRENCIES), value);
  if (field.endsWith("_url") || field === "url" || field === "on_successful_payment" || field === "callbackUrl") return fc.oneof(fc.constantFrom(...URLS), value);
  if (field === "interval") return fc.oneof(fc.constantFrom("month", "year", "one_time", "week", "day", "MONTH", ""), value);
  return value;
}

/** A raw path segment as it goes on the wire (already percent-encoded where needed). */
const segmentTrick: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      "%zz",
      "%",
      "%0",
      "%00",
      "a%00b",
      "..",
      ".",
      "%2e%2e",
      "%2E",
      "%2F",
      "%2f..%2f",
      "..%2f..%2fetc%2fpasswd",
      "%5c",
      "%ED%A0%80",
      "%C0%AF",
      "%FF%FE",
      "%E2%80%AE",
      "%F0%9F%98%80",
      "-1",
      "0",
      "1e308",
      "NaN",
      "null",
      "undefined",
      "%20",
      "+",
      "custom:foo",
      "custom:",
      "Custom:Bad",
      "MENTOR",
      "%27%20OR%201%3D1--",
      "%3Cscript%3E",
      "~",
      "!$&'()*+,;=",
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
    ),
  },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }).map(pctEncode) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }).map(pctEncode) },
  { weight: 1, arbitrary: fc.integer({ min: 256, max: 12_000 }).map((n) => "a".repeat(n)) },
  { weight: 1, arbitrary: fc.uuid() },
);

type ParamChoice = { kind: "valid" } | { kind: "alt"; index: number } | { kind: "raw"; value: string } | { kind: "list"; values: string[] };

const paramChoice = (seg: Segment): fc.Arbitrary<ParamChoice> => {
  const single = fc.oneof(
    { weight: 5, arbitrary: fc.constant<ParamChoice>({ kind: "valid" }) },
    { weight: 1, arbitrary: fc.nat(7).map<ParamChoice>((index) => ({ kind: "alt", index })) },
    { weight: 3, arbitrary: segmentTrick.map<ParamChoice>((value) => ({ kind: "raw", value })) },
  );
  if (seg.kind === "param") return single;
  return fc.oneof(
    { weight: 3, arbitrary: single },
    { weight: 1, arbitrary: fc.array(segmentTrick, { minLength: seg.kind === "catchall" ? 1 : 0, maxLength: 4 }).map<ParamChoice>((values) => ({ kind: "list", values })) },
  );
};

type QueryChoice = { kind: "none" } | { kind: "valid" } | { kind: "pairs"; pairs: [string, string][]; keepValid: boolean } | { kind: "raw"; text: string };

const queryChoice: fc.Arbitrary<QueryChoice> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<QueryChoice>({ kind: "valid" }) },
  { weight: 1, arbitrary: fc.constant<QueryChoice>({ kind: "none" }) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.array(
          fc.tuple(
            fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...QUERY_KEYS) }, { weight: 1, arbitrary: fc.string({ maxLength: 10 }) }),
            fc.oneof(text, fc.constantFrom("1", "0", "-1", "1e308", "NaN", "100", "101", "true", "active", "course", "custom:x")).map((v) => String(v)),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.boolean(),
      )
      .map<QueryChoice>(([pairs, keepValid]) => ({ kind: "pairs", pairs, keepValid })),
  },
  { weight: 1, arbitrary: fc.constantFrom("%zz", "a=%", "=", "&&&", "page=%00", "page=1&page=2", "q=%ED%A0%80", "limit=1e400", "?", "x=1#frag", "page_size=%2B1").map<QueryChoice>((t) => ({ kind: "raw", text: t })) },
);

type BodyChoice =
  | { kind: "none" }
  | { kind: "valid" }
  | { kind: "set"; field: string; value: unknown }
  | { kind: "drop"; field: string }
  | { kind: "merge"; extra: Record<string, unknown> }
  | { kind: "json"; value: unknown }
  | { kind: "text"; text: string }
  | { kind: "deep"; depth: number; shape: "array" | "object" | "field" }
  | { kind: "huge"; field: string; size: number; char: string };

const bodyChoice: fc.Arbitrary<BodyChoice> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<BodyChoice>({ kind: "none" }) },
  { weight: 2, arbitrary: fc.constant<BodyChoice>({ kind: "valid" }) },
  { weight: 8, arbitrary: fc.constantFrom(...FIELD_NAMES).chain((field) => fieldValue(field).map<BodyChoice>((v) => ({ kind: "set", field, value: v }))) },
  { weight: 2, arbitrary: fc.constantFrom(...FIELD_NAMES).map<BodyChoice>((field) => ({ kind: "drop", field })) },
  { weight: 2, arbitrary: fc.dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 6 }).map<BodyChoice>((extra) => ({ kind: "merge", extra })) },
  { weight: 3, arbitrary: value.map<BodyChoice>((v) => ({ kind: "json", value: v })) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.string({ maxLength: 60 }), fc.constantFrom("{", "[", '{"a":', '{"amount": 1e999}', '{"a":1,"a":2}', "\u0000", '"\\ud800"', '{"\\u0000":1}', "NaN", "{'a':1}", "[1,]", "\ufeff{}"))
      .map<BodyChoice>((t) => ({ kind: "text", text: t })),
  },
  { weight: 1, arbitrary: fc.record({ depth: fc.constantFrom(64, 500, 2000, 5000), shape: fc.constantFrom<"array" | "object" | "field">("array", "object", "field") }).map<BodyChoice>((r) => ({ kind: "deep", ...r })) },
  {
    weight: 1,
    arbitrary: fc
      .record({ field: fc.constantFrom("name", "description", "email", "item_name", "remark", "q", "amount", "success_url"), size: fc.constantFrom(100_000, 1_048_576), char: fc.constantFrom("a", "é", "\ud83d\ude00", "\u0000") })
      .map<BodyChoice>((r) => ({ kind: "huge", ...r })),
  },
);

type WhoKey = "anonymous" | "member" | "admin";

type FuzzCase = {
  route: number;
  who: WhoKey;
  /** all params valid (the body and query get fuzzed deep in the handler), one mutated, or each on its own */
  paramMode: "valid" | "one" | "each";
  mutate: number;
  params: ParamChoice[];
  query: QueryChoice;
  body: BodyChoice;
  contentType: "json" | "form" | "text" | "none";
  trailingSlash: boolean;
};

function caseArb(routes: RouteMethod[]): fc.Arbitrary<FuzzCase> {
  return fc.nat(routes.length - 1).chain((route) => {
    const segs = routes[route].segments.filter((s) => s.kind !== "static");
    return fc.record({
      route: fc.constant(route),
      who: fc.oneof({ weight: 2, arbitrary: fc.constant<WhoKey>("anonymous") }, { weight: 3, arbitrary: fc.constant<WhoKey>("member") }, { weight: 5, arbitrary: fc.constant<WhoKey>("admin") }),
      paramMode: fc.oneof({ weight: 6, arbitrary: fc.constant<"valid">("valid") }, { weight: 3, arbitrary: fc.constant<"one">("one") }, { weight: 1, arbitrary: fc.constant<"each">("each") }),
      mutate: fc.nat(9),
      params: fc.tuple(...segs.map(paramChoice)) as fc.Arbitrary<ParamChoice[]>,
      query: queryChoice,
      body: bodyChoice,
      contentType: fc.oneof({ weight: 8, arbitrary: fc.constant<"json">("json") }, { weight: 1, arbitrary: fc.constantFrom<"form" | "text" | "none">("form", "text", "none") }),
      trailingSlash: fc.boolean(),
    });
  });
}

// ---------------------------------------------------------------- materialising a case

type World = { stack: Stack; fx: Fixture; who: Record<WhoKey | "owner", Who>; sessionId: string; tokenId: string };

const NEXTAUTH_ACTIONS = [["session"], ["csrf"], ["providers"], ["signin"], ["signout"], ["callback", "credentials"], ["signin", "email"], ["callback", "email"], ["verify-request"], ["error"], ["_log"]];

function validParam(w: World, r: RouteMethod, name: string): string | string[] {
  const t = r.template;
  switch (name) {
    case "pk":
      return "acme";
    case "type":
      return w.fx.itemType;
    case "id":
      if (t.startsWith("/api/billing/checkout-sessions/")) return w.sessionId;
      if (t.startsWith("/api/tokens/")) return w.tokenId;
      return w.fx.itemId;
    case "uid":
      return w.fx.uid;
    case "price_uid":
    case "price_id":
      return w.fx.oneTimePrice;
    case "session":
      return [w.sessionId];
    case "nextauth":
      return ["session"];
    default:
      return ["reliability-fuzz"];
  }
}

function altParam(w: World, name: string, index: number): string | string[] {
  const alts: Record<string, string[]> = {
    pk: ["globex", "nope", "ACME", "acme ", "a"],
    type: ["mentor", "course", "custom:fuzz", "program", "pathway"],
    id: ["calculus-tutor", "web-foundations", "no-such-item", w.fx.uid, w.fx.oneTimePrice],
    uid: [w.fx.oneTimePrice, "00000000-0000-4000-8000-000000000000", w.sessionId],
    price_uid: [w.fx.monthlyPrice, w.fx.uid, "00000000-0000-4000-8000-000000000000"],
    price_id: [w.fx.monthlyPrice, w.fx.uid, "00000000-0000-4000-8000-000000000000"],
  };
  if (name === "nextauth") return NEXTAUTH_ACTIONS[index % NEXTAUTH_ACTIONS.length];
  if (name === "session") return [[], ["cs_test_nope"], [w.sessionId, "extra"]][index % 3];
  const list = alts[name] ?? ["x"];
  return list[index % list.length];
}

function buildRawPath(w: World, r: RouteMethod, c: FuzzCase): string {
  const parts: string[] = [];
  let i = 0;
  for (const s of r.segments) {
    if (s.kind === "static") {
      parts.push(s.value);
      continue;
    }
    const idx = i++;
    const nParams = c.params.length;
    let choice = c.params[idx];
    if (c.paramMode === "valid" || (c.paramMode === "one" && idx !== c.mutate % nParams)) choice = { kind: "valid" };
    else if (c.paramMode === "one" && choice.kind === "valid") choice = { kind: "raw", value: ["%zz", "..", "%00", "x"][c.mutate % 4] };
    let v: string | string[];
    if (choice.kind === "valid") v = validParam(w, r, s.name);
    else if (choice.kind === "alt") v = altParam(w, s.name, choice.index);
    else if (choice.kind === "raw") v = choice.value;
    else v = choice.values;
    const enc = (x: string) => (choice.kind === "raw" || choice.kind === "list" ? x : pctEncode(x));
    if (Array.isArray(v)) parts.push(...v.map(enc));
    else parts.push(enc(v));
  }
  return "/" + parts.filter((p, idx) => p !== "" || idx === parts.length - 1).join("/") + (c.trailingSlash ? "/" : "");
}

function validQuery(r: RouteMethod): [string, string][] {
  const t = r.template;
  if (t === "/api/billing/access-check/[type]/[id]") return [["platform_key", "acme"]];
  if (t.endsWith("/catalog/search")) return [["q", "calc"]];
  if (t.endsWith("/subscribers") || t.endsWith("/my-subscriptions") || t.endsWith("/paywalls")) return [["page", "1"], ["page_size", "20"]];
  if (t.endsWith("/connect/status")) return [["refresh", "1"]];
  return [];
}

function buildQuery(r: RouteMethod, q: QueryChoice): string {
  const enc = (pairs: [string, string][]) => pairs.map(([k, v]) => `${pctEncode(k)}=${pctEncode(v)}`).join("&");
  switch (q.kind) {
    case "none":
      return "";
    case "valid": {
      const s = enc(validQuery(r));
      return s ? `?${s}` : "";
    }
    case "pairs":
      return `?${enc([...(q.keepValid ? validQuery(r) : []), ...q.pairs])}`;
    case "raw":
      return q.text.startsWith("?") ? q.text : `?${q.text}`;
  }
}

function validBody(w: World, r: RouteMethod, n: number): Record<string, unknown> {
  const t = r.template;
  const back = `${w.stack.base}/account`;
  if (t.endsWith("/checkout-guest")) return { email: `fuzz-${n}@example.test`, price_id: w.fx.oneTimePrice };
  if (t.endsWith("/checkout")) return { price_id: w.fx.monthlyPrice, success_url: `${w.stack.base}/ok` };
  if (t.endsWith("/paywall")) return { is_enabled: true, item_name: "Fuzzed", trial_period_days: 0, allow_free_tier: false, grandfathering_strategy: "require_subscription", item_metadata: { a: 1 } };
  if (t.endsWith("/paywall/prices")) return { name: `Fuzz ${n}`, amount: "5.00", currency: "usd", interval: "one_time", features: ["a"], remark: "", sort_order: 90 };
  if (t.endsWith("/prices/[price_id]") || t === "/api/billing/items/prices/[price_uid]") return { name: "Lifetime", description: "fuzzed" };
  if (t.endsWith("/subscription/cancel")) return { return_url: `${w.stack.base}/profile` };
  if (t === "/api/me/current-platform") return { platform_key: "acme" };
  if (t === "/api/tokens") return { name: `fuzz ${n}`, platform_key: "acme" };
  if (t === "/api/operator/platforms") return { key: `fuzz-${n}`, name: "Fuzz" };
  if (t === "/api/operator/platforms/[pk]") return { show_paywall: true };
  if (t === "/api/operator/platforms/[pk]/members") return { email: "fuzz@example.test", role: "member" };
  if (t === "/api/platforms/[pk]/catalog") return { item_type: "course", item_id: `fuzz-${n}`, name: "Fuzz", description: "", url: "" };
  if (t === "/api/platforms/[pk]/catalog/[type]/[id]") return { description: "fuzzed" };
  if (t.includes("/stripe/connect/onboard")) return { return_url: back, refresh_url: back, business_type: "company" };
  if (t.startsWith("/api/auth/")) return { email: `fuzz-${n}@example.test`, password: "x", csrfToken: "x", callbackUrl: "/" };
  return {};
}

function deepText(depth: number, shape: "array" | "object" | "field"): string {
  if (shape === "array") return "[".repeat(depth) + "]".repeat(depth);
  const inner = '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
  return shape === "object" ? inner : `{"item_metadata":${inner},"name":${inner},"amount":${inner}}`;
}

function buildBody(w: World, r: RouteMethod, b: BodyChoice, n: number): string | undefined {
  const base = validBody(w, r, n);
  switch (b.kind) {
    case "none":
      return undefined;
    case "valid":
      return JSON.stringify(base);
    case "set":
      return JSON.stringify({ ...base, [b.field]: b.value });
    case "drop": {
      const copy: Record<string, unknown> = { ...base };
      delete copy[b.field];
      return JSON.stringify(copy);
    }
    case "merge":
      return JSON.stringify({ ...base, ...b.extra });
    case "json":
      return JSON.stringify(b.value) ?? "null";
    case "text":
      return b.text;
    case "deep":
      return deepText(b.depth, b.shape);
    case "huge":
      return JSON.stringify({ ...base, [b.field]: b.char.repeat(Math.ceil(b.size / b.char.length)) });
  }
}

function formEncode(jsonText: string | undefined): string | undefined {
  if (jsonText === undefined) return undefined;
  try {
    const v = JSON.parse(jsonText) as unknown;
    if (v && typeof v === "object" && !Array.isArray(v)) {
      return new URLSearchParams(Object.entries(v).map(([k, x]) => [k, typeof x === "string" ? x : JSON.stringify(x) ?? ""])).toString();
    }
  } catch {}
  return jsonText;
}

// ---------------------------------------------------------------- judging

/** Whether the path still names something under /api once dot segments are resolved (`/api/../` is the home page). */
function underApi(rawPath: string): boolean {
  try {
    const p = new URL(rawPath, "http://x").pathname;
    return p === "/api" || p.startsWith("/api/");
  } catch {
    return true;
  }
}

function problemOf(method: string, res: Res, rawPath: string): string | null {
  if (res.status === 0) return `no answer (${res.error})`;
  if (res.status >= 500) return `${res.status}`;
  if (!underApi(rawPath)) return null;
  // 413 (body too large) and 431 (URL/headers too large, refused by the HTTP parser) are fine answers to oversize input
  if (res.status >= 400 && res.status !== 413 && res.status !== 431 && method !== "HEAD") {
    if (!isJson(res)) return `${res.status} not JSON`;
    // 402 is the access check's "denied": the same body as its 200, by contract
    if (res.status === 402) return null;
    if (detailOf(res) === undefined) return `${res.status} JSON without a string detail`;
  }
  return null;
}

/** Puts the acme fixture back after admins fuzzed it (disabled paywall, deleted or deactivated tier). */
async function restore(w: World): Promise<void> {
  const owner = w.who.owner;
  await enablePaywall(w.stack, owner, w.fx.itemType, w.fx.itemId);
  const list = await call(w.stack.base, "GET", `/api/billing/platforms/acme/items/${w.fx.itemType}/${w.fx.itemId}/paywall/prices/`, { who: owner });
  const prices = Array.isArray(list.json) ? (list.json as { id: string; is_active: boolean; interval: string }[]) : [];
  const alive = (id: string) => prices.some((p) => p.id === id && p.is_active);
  if (!alive(w.fx.oneTimePrice)) w.fx.oneTimePrice = await createPrice(w.stack, owner, w.fx.itemType, w.fx.itemId, { name: "Lifetime again", amount: "49.00", currency: "usd", interval: "one_time" });
  if (!alive(w.fx.monthlyPrice)) w.fx.monthlyPrice = await createPrice(w.stack, owner, w.fx.itemType, w.fx.itemId, { name: "Monthly again", amount: "9.00", currency: "usd", interval: "month" });
}

type Failure = { key: string; example: string; count: number };

async function runFuzz(): Promise<Row[]> {
  const started = Date.now();
  const total = Math.max(1, Number(process.env.RELIABILITY_FUZZ_CASES ?? 10_000) || 10_000);
  const seed = Number(process.env.RELIABILITY_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const routes = enumerateRoutes();
  const cases = fc.sample(caseArb(routes), { numRuns: total, seed });

  const failures = new Map<string, Failure>();
  const statusCounts = new Map<number, number>();
  let ran = 0;
  let failed = 0;
  let maxMs = 0;
  const unhandled = new Set<string>();
  const harnessErrors: string[] = [];
  const timeByRoute = new Map<string, { n: number; ms: number }>();

  const budgetMs = (Number(process.env.RELIABILITY_FUZZ_MAX_SECONDS ?? 480) || 480) * 1000;
  let outOfTime = false;
  let cpuPerCase = 0;
  let refusedOversize = 0;
  let wallMs = 0;
  await withStack(async (stack) => {
    const [member, admin, owner] = await Promise.all([DEMO.member, DEMO.admin, DEMO.owner].map((e) => session(stack, e)));
    const fx = await sellOnAcme(stack, owner, "fuzz-item");
    const pending = await call(stack.base, "POST", `/api/billing/items/${fx.uid}/checkout/`, { who: member, body: { price_id: fx.monthlyPrice } });
    const sessionId = (pending.json as { session_id?: string } | undefined)?.session_id ?? "cs_test_missing";
    const token = await call(stack.base, "POST", "/api/tokens/", { who: admin, body: { name: "fuzz", platform_key: "acme" } });
    const w: World = {
      stack,
      fx,
      sessionId,
      tokenId: (token.json as { id?: string } | undefined)?.id ?? "missing",
      who: { anonymous: { name: "anonymous" }, member, admin, owner },
    };

    const origin = new URL(stack.base).origin;
    let sinceRestore = 0;
    const runStart = Date.now();
    const cpu0 = groupCpuMs(stack.app.child.pid!);
    await pool(cases, CONCURRENCY, async (c, i) => {
      if (Date.now() - runStart > budgetMs) {
        outOfTime = true;
        return;
      }
      if (++sinceRestore >= 250) {
        sinceRestore = 0;
        await restore(w).catch(() => {});
      }
      const r = routes[c.route];
      let path: string;
      let body: string | undefined;
      try {
        path = buildRawPath(w, r, c) + buildQuery(r, c.query);
        body = !["GET", "HEAD", "OPTIONS"].includes(r.method) ? buildBody(w, r, c.body, i) : undefined;
      } catch (e) {
        harnessErrors.push(`case ${i} (${r.method} ${r.template}): ${(e as Error).message}`);
        return;
      }
      const headers: Record<string, string> = { origin, accept: "application/json" };
      const who = w.who[c.who];
      if (who.cookie) headers.cookie = who.cookie;
      if (body !== undefined) {
        if (c.contentType === "form") {
          body = formEncode(body);
          headers["content-type"] = "application/x-www-form-urlencoded";
        } else if (c.contentType === "text") headers["content-type"] = "text/plain";
        else if (c.contentType === "json") headers["content-type"] = "application/json";
      }
      const res = await rawRequest(stack.base, r.method, path, { headers, body, timeoutMs: 60_000 });
      if (res.error?.startsWith("send:")) {
        harnessErrors.push(`case ${i} (${r.method} ${snippet(path, 80)}): ${res.error}`);
        return;
      }
      ran++;
      maxMs = Math.max(maxMs, res.ms);
      // Node's HTTP server refuses a request head over 16 KB with 431 and closes the socket; while
      // we are still writing a large body that can surface as a reset instead of the 431
      const head = path.length + Object.entries(headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
      if (res.status === 0 && head > 16_000 && /ECONNRESET|EPIPE|socket hang up/.test(res.error ?? "")) {
        refusedOversize++;
        statusCounts.set(431, (statusCounts.get(431) ?? 0) + 1);
        return;
      }
      const t = timeByRoute.get(r.template) ?? { n: 0, ms: 0 };
      t.n++;
      t.ms += res.ms;
      timeByRoute.set(r.template, t);
      statusCounts.set(res.status, (statusCounts.get(res.status) ?? 0) + 1);
      const problem = problemOf(r.method, res, path);
      if (!problem) return;
      failed++;
      const key = `${problem.replace(/\(.*\)/, "").trim()} · ${r.method} ${r.template}`;
      const f = failures.get(key);
      if (f) f.count++;
      else
        failures.set(key, {
          key,
          count: 1,
          example: `${r.method} ${snippet(path, 200)} as ${c.who}${body !== undefined ? ` body(${headers["content-type"] ?? "-"}) ${snippet(body, 160)}` : ""} → ${res.status || res.error} ${res.headers.get("content-type") ?? ""} ${snippet(res.text, 200)}`,
        });
    });
    cpuPerCase = ran ? (groupCpuMs(stack.app.child.pid!) - cpu0) / ran : 0;
    wallMs = Date.now() - runStart;
    for (const line of stack.app.output().split("\n")) {
      const m = line.match(/\] (\[api\] unhandled error .*|.*Error[:\s].*)$/);
      if (m && !/^\s*at /.test(m[1])) unhandled.add(snippet(m[1], 200));
    }
  });

  const classes = [...failures.values()].sort((a, b) => b.count - a.count);
  const slowest = [...timeByRoute.entries()]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 4)
    .map(([t, v]) => `${t} ${Math.round(v.ms / 1000)} s/${v.n}`)
    .join(", ");
  const statuses = [...statusCounts.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s || "none"}×${n}`).join(" ");
  return [
    ...(harnessErrors.length
      ? [{ section: "fuzz", what: "cases the harness could not send (its own bug)", cases: total, failures: harnessErrors.length, examples: harnessErrors.slice(0, 10) }]
      : []),
    {
      section: "fuzz",
      what: `requests over ${routes.length} route methods × anonymous/member/admin`,
      cases: ran,
      failures: failed + (outOfTime ? 1 : 0),
      figures: `seed ${seed}; ${classes.length} failure classes; statuses ${statuses} (${refusedOversize} of the 431s as a reset while sending); ${(ran / Math.max(1, wallMs / 1000)).toFixed(1)} req/s, app CPU ${cpuPerCase.toFixed(1)} ms/request; slowest ${Math.round(maxMs)} ms; most time in ${slowest}; ${elapsed(started)}`,
      examples: [
        ...(outOfTime ? [`out of time: ran ${ran} of ${total} cases within RELIABILITY_FUZZ_MAX_SECONDS=${budgetMs / 1000}`] : []),
        ...classes.slice(0, 30).map((f) => `[${f.count}×] ${f.key}\n  e.g. ${f.example}`),
        ...(unhandled.size ? [`server log (last lines) mentions: ${[...unhandled].slice(0, 8).join(" | ")}`] : []),
      ],
    },
  ];
}

export const section: Section = { name: "fuzz", run: runFuzz };
