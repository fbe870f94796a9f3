// A webhook proxy between Local Stripe and the app: forwards each delivery unchanged (raw body
// and Stripe-Signature, so the app verifies it as Stripe's), optionally re-posts the same signed
// body N times concurrently, optionally alternates deliveries between several app instances, and
// records what every delivery was answered.
import http from "node:http";
import type net from "node:net";

export type DeliveryLog = { eventId: string; type: string; target: string; status: number | null; copy: boolean; ms: number };

export type WebhookProxy = {
  url: string;
  port: number;
  log: DeliveryLog[];
  /** deliveries being forwarded right now (primary ones, not copies) */
  inflight: () => number;
  /** resolves once no re-posted copy is outstanding */
  idle: () => Promise<void>;
  /** called when a primary delivery has been sent on and not answered yet */
  onForward?: (eventId: string, type: string, event: { data?: { object?: Record<string, unknown> } }) => void;
  /** answer 503 without forwarding when this returns true (to make Stripe deliver it later) */
  reject?: (eventId: string, type: string, event: { data?: { object?: Record<string, unknown> } }) => boolean;
  targets: string[];
  close: () => Promise<void>;
};

async function forward(target: string, path: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
  const res = await fetch(target + path, { method: "POST", headers, body: body.toString("utf8"), signal: AbortSignal.timeout(60_000) });
  return { status: res.status, body: await res.text() };
}

/**
 * `copies` re-posts race with the primary delivery and with later deliveries: Local Stripe gets
 * the primary's answer as soon as it comes, unless more than `maxOutstandingCopies` copies are
 * still running (then it waits, so the app is not buried).
 */
export async function startWebhookProxy(opts: { targets: string[]; copies?: number; alternate?: boolean; port?: number; maxOutstandingCopies?: number }): Promise<WebhookProxy> {
  let n = 0;
  let inflight = 0;
  let outstanding = 0;
  let idleWaiters: Array<() => void> = [];
  const maxOutstanding = opts.maxOutstandingCopies ?? 40;
  const copyDone = () => {
    outstanding--;
    if (outstanding === 0) {
      const w = idleWaiters;
      idleWaiters = [];
      w.forEach((f) => f());
    }
  };
  const log: DeliveryLog[] = [];
  const sockets = new Set<net.Socket>();
  const proxy: WebhookProxy = {
    url: "",
    port: 0,
    log,
    inflight: () => inflight,
    idle: () => (outstanding === 0 ? Promise.resolve() : new Promise<void>((r) => idleWaiters.push(r))),
    targets: [...opts.targets],
    close: async () => {},
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    let eventId = "?";
    let type = "?";
    let parsed: { id?: string; type?: string; data?: { object?: Record<string, unknown> } } = {};
    try {
      parsed = JSON.parse(body.toString("utf8"));
      eventId = parsed.id ?? "?";
      type = parsed.type ?? "?";
    } catch {}
    const headers: Record<string, string> = {
      "content-type": String(req.headers["content-type"] ?? "application/json"),
      "stripe-signature": String(req.headers["stripe-signature"] ?? ""),
      "user-agent": String(req.headers["user-agent"] ?? "Stripe/1.0"),
    };
    if (proxy.reject?.(eventId, type, parsed)) {
      log.push({ eventId, type, target: "-", status: 503, copy: false, ms: 0 });
      res.writeHead(503, { "content-type": "application/json" });
      res.end(JSON.stringify({ detail: "proxy: held back" }));
      return;
    }
    const targets = proxy.targets;
    const target = opts.alternate ? targets[n++ % targets.length] : targets[0];
    const path = req.url ?? "/";
    const one = async (copy: boolean, to: string) => {
      const started = Date.now();
      try {
        const r = await forward(to, path, headers, body);
        log.push({ eventId, type, target: to, status: r.status, copy, ms: Date.now() - started });
        return r;
      } catch (e) {
        log.push({ eventId, type, target: to, status: null, copy, ms: Date.now() - started });
        return { status: 502, body: JSON.stringify({ detail: `proxy: ${(e as Error).message}` }) };
      }
    };
    inflight++;
    const primary = one(false, target);
    proxy.onForward?.(eventId, type, parsed);
    const copies = Array.from({ length: opts.copies ?? 0 }, () => {
      outstanding++;
      return one(true, target).finally(copyDone);
    });
    const answer = await primary;
    if (outstanding > maxOutstanding) await Promise.all(copies);
    inflight--;
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(answer.body);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.once("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(opts.port ?? 0, "127.0.0.1", () => r()));
  proxy.port = (server.address() as net.AddressInfo).port;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  proxy.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return proxy;
}

/** Per event: how it was answered. An event is fine when some primary delivery got a 2xx. */
export function summarizeDeliveries(log: DeliveryLog[]) {
  const byEvent = new Map<string, DeliveryLog[]>();
  for (const d of log) {
    const list = byEvent.get(d.eventId) ?? [];
    list.push(d);
    byEvent.set(d.eventId, list);
  }
  const never2xx: string[] = [];
  const saw5xx: string[] = [];
  const copy5xx: string[] = [];
  for (const [id, list] of byEvent) {
    // deliveries the proxy itself turned away (target "-") are not the app's answers
    const primaries = list.filter((d) => !d.copy && d.target !== "-");
    if (!list.some((d) => d.status !== null && d.status >= 200 && d.status < 300)) {
      never2xx.push(`${id} ${list[0].type} answered ${[...new Set(list.map((d) => d.status ?? "refused"))].join("/")}`);
    }
    if (primaries.some((d) => d.status !== null && d.status >= 500)) saw5xx.push(`${id} ${list[0].type}`);
    if (list.some((d) => d.copy && d.status !== null && d.status >= 500)) copy5xx.push(`${id} ${list[0].type}`);
  }
  const statuses: Record<string, number> = {};
  for (const d of log) statuses[String(d.status)] = (statuses[String(d.status)] ?? 0) + 1;
  const heldBack = log.filter((d) => d.target === "-").length;
  return { events: byEvent.size, deliveries: log.length, never2xx, saw5xx, copy5xx, statuses, heldBack };
}
