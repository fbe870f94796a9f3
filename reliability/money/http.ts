// Small HTTP helpers the money sections share: JSON requests with a cookie, timings, and the
// Local Stripe test controls.
import Stripe from "stripe";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Res = { status: number; json: Json; text: string; ms: number; headers: Headers };

export async function request(
  url: string,
  init: { method?: string; body?: unknown; cookie?: string; headers?: Record<string, string>; timeoutMs?: number; redirect?: RequestRedirect } = {},
): Promise<Res> {
  const started = Date.now();
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.cookie) headers.cookie = init.cookie;
  if (init.body !== undefined) headers["content-type"] ??= "application/json";
  const method = init.method ?? (init.body === undefined ? "GET" : "POST");
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: init.body === undefined ? undefined : typeof init.body === "string" ? init.body : JSON.stringify(init.body),
      redirect: init.redirect ?? "manual",
      signal: AbortSignal.timeout(init.timeoutMs ?? 60_000),
    });
    text = await res.text();
  } catch (e) {
    throw new Error(`${method} ${url} after ${Date.now() - started} ms: ${describeFetchError(e)}`);
  }
  let json: Json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, json, text, ms: Date.now() - started, headers: res.headers };
}

/** "fetch failed" plus what undici says underneath (ECONNREFUSED, UND_ERR_SOCKET, …). */
export function describeFetchError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  return `${err.name}: ${err.message}${err.cause ? ` (${err.cause.code ?? ""} ${err.cause.message ?? ""})` : ""}`;
}

/** A caller of the app: base URL plus an optional session cookie. */
export class Api {
  constructor(
    public base: string,
    public cookie = "",
    public extraHeaders: Record<string, string> = {},
  ) {}
  with(base: string): Api {
    return new Api(base, this.cookie, this.extraHeaders);
  }
  req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs?: number) {
    return request(this.base + path, { method, body, cookie: this.cookie, headers: { ...this.extraHeaders, ...headers }, timeoutMs });
  }
  get(path: string, headers?: Record<string, string>) {
    return this.req("GET", path, undefined, headers);
  }
  post(path: string, body: unknown = {}, headers?: Record<string, string>) {
    return this.req("POST", path, body, headers);
  }
  put(path: string, body: unknown, headers?: Record<string, string>) {
    return this.req("PUT", path, body, headers);
  }
  patch(path: string, body: unknown, headers?: Record<string, string>) {
    return this.req("PATCH", path, body, headers);
  }
}

/** Asserts a 2xx and returns the JSON body. */
export async function ok(p: Promise<Res>, what: string): Promise<Json> {
  const r = await p;
  if (r.status < 200 || r.status >= 300) throw new Error(`${what}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
  return r.json;
}

/** Local Stripe's test controls and an SDK client on it. */
export class LocalStripeControl {
  readonly stripe: Stripe;
  constructor(public url: string) {
    const u = new URL(url);
    this.stripe = new Stripe("sk_test_local", { host: u.hostname, port: Number(u.port), protocol: "http", maxNetworkRetries: 0, timeout: 30_000 });
  }
  async control(path: string, body: unknown = {}, method = "POST"): Promise<Json> {
    const r = await request(`${this.url}/_local/${path}`, { method, body: method === "GET" ? undefined : body, timeoutMs: 600_000 });
    if (r.status !== 200) throw new Error(`Local Stripe control ${path} answered ${r.status}: ${r.text.slice(0, 300)}`);
    return r.json;
  }
  flush(): Promise<{ status: string; pending: number }> {
    return this.control("webhooks/flush");
  }
  fault(path: string, status: 500 | "timeout", count = 1) {
    return this.control("faults", { path, status, count });
  }
  chaos(webhooks: { duplicate?: boolean; shuffle?: boolean; delay_ms?: number }) {
    return this.control("faults", { webhooks });
  }
  clearFaults() {
    return this.control("faults", {}, "DELETE");
  }
  pay(sessionId: string, card = "4242424242424242", email?: string) {
    return this.control(`checkout/sessions/${sessionId}/pay`, { card, ...(email ? { email } : {}) });
  }
  advance(seconds: number) {
    return this.control("clock/advance", { seconds });
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs fn over items with at most `limit` in flight, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  });
  await Promise.all(workers);
  return out;
}
