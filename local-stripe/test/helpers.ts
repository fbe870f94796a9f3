import http from "node:http";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { startLocalStripe, type LocalStripe, type LocalStripeOptions } from "../server.js";

export interface Received {
  endpoint: "platform" | "connect";
  signature: string;
  body: string;
  event: Stripe.Event;
  at: number;
}

/** A webhook endpoint that records deliveries; `respond` can fail some of them. */
export class Receiver {
  received: Received[] = [];
  respond: (r: Received, attempt: number) => number = () => 200;
  private server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const endpoint = req.url?.endsWith("/connect") ? "connect" : "platform";
      const r: Received = {
        endpoint,
        signature: String(req.headers["stripe-signature"] ?? ""),
        body,
        event: JSON.parse(body) as Stripe.Event,
        at: Date.now(),
      };
      const attempt = this.received.filter((x) => x.event.id === r.event.id && x.endpoint === endpoint).length + 1;
      this.received.push(r);
      const status = this.respond(r, attempt);
      res.writeHead(status, { "content-type": "application/json" });
      res.end("{}");
    });
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", () => resolve()));
    this.port = (this.server.address() as { port: number }).port;
  }

  url(endpoint: "platform" | "connect"): string {
    return `http://127.0.0.1:${this.port}/hooks/${endpoint}`;
  }

  /** Unique events (first successful-or-not delivery), in arrival order. */
  types(endpoint?: "platform" | "connect"): string[] {
    const seen = new Set<string>();
    const out: string[] = [];
    for (const r of this.received) {
      if (endpoint && r.endpoint !== endpoint) continue;
      if (seen.has(r.event.id)) continue;
      seen.add(r.event.id);
      out.push(r.event.type);
    }
    return out;
  }

  events(type: string): Stripe.Event[] {
    const seen = new Set<string>();
    return this.received
      .filter((r) => r.event.type === type && !seen.has(r.event.id) && seen.add(r.event.id))
      .map((r) => r.event);
  }

  clear(): void {
    this.received = [];
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

export interface Harness {
  server: LocalStripe;
  stripe: Stripe;
  receiver: Receiver;
  dataDir: string;
  port: number;
  /** Calls a /_local control with a JSON body. */
  control<T = Record<string, unknown>>(p: string, body?: unknown, method?: string): Promise<{ status: number; body: T }>;
  flush(): Promise<void>;
  as(account: string): Stripe.RequestOptions;
  close(): Promise<void>;
}

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "local-stripe-test-"));
}

export function sdk(port: number, opts: Partial<Stripe.StripeConfig> = {}): Stripe {
  return new Stripe("sk_test_local", { host: "127.0.0.1", port, protocol: "http", maxNetworkRetries: 0, ...opts });
}

export async function startHarness(opts: Partial<LocalStripeOptions> = {}): Promise<Harness> {
  const receiver = new Receiver();
  await receiver.start();
  const dataDir = opts.dataDir ?? tempDir();
  const server = await startLocalStripe({
    port: 0,
    dataDir,
    webhookUrl: receiver.url("platform"),
    connectWebhookUrl: receiver.url("connect"),
    ...opts,
  });
  const stripe = sdk(server.port);
  const control: Harness["control"] = async (p, body, method = "POST") => {
    const res = await fetch(`${server.url}/_local/${p}`, {
      method,
      headers: { "content-type": "application/json" },
      body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
    });
    return { status: res.status, body: (await res.json()) as never };
  };
  return {
    server,
    stripe,
    receiver,
    dataDir,
    port: server.port,
    control,
    flush: async () => {
      await control("webhooks/flush");
    },
    as: (account) => ({ stripeAccount: account }),
    close: async () => {
      await server.close();
      await receiver.close();
    },
  };
}

/** A one-time price and an onboarded Express account, the usual destination-charge setup. */
export async function setupSeller(h: Harness, amount = 2000, currency = "usd") {
  const account = await h.stripe.accounts.create({ type: "express", email: "seller@example.com" });
  await h.control(`accounts/${account.id}/onboard`);
  const product = await h.stripe.products.create({ name: "Course" });
  const price = await h.stripe.prices.create({ product: product.id, unit_amount: amount, currency });
  const monthly = await h.stripe.prices.create({ product: product.id, unit_amount: amount, currency, recurring: { interval: "month" } });
  return { account, product, price, monthly };
}
