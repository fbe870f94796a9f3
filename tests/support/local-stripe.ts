import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll } from "vitest";
import { NextRequest } from "next/server";
import { startLocalStripe, type LocalStripe } from "@/local-stripe/server";
import { setStripeClient } from "@/lib/stripe/client";
import * as platformWebhook from "@/app/api/webhooks/stripe/route";
import * as connectWebhook from "@/app/api/webhooks/stripe/connect/route";

/**
 * A real Local Stripe on a random port for one test file. The app's Stripe client points at it,
 * and its signed webhook deliveries reach the app's webhook route handlers over HTTP.
 */
export async function useLocalStripe() {
  const receiver = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const handler = req.url?.endsWith("/connect") ? connectWebhook.POST : platformWebhook.POST;
    const request = new NextRequest(`http://localhost:3000${req.url}`, {
      method: "POST",
      headers: { "stripe-signature": String(req.headers["stripe-signature"] ?? ""), "content-type": "application/json" },
      body: Buffer.concat(chunks).toString("utf8"),
    });
    const response = await handler(request, { params: Promise.resolve({}) });
    res.writeHead(response.status, { "content-type": "application/json" });
    res.end(await response.text());
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", () => r()));
  const hooks = `http://127.0.0.1:${(receiver.address() as { port: number }).port}`;

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "tollgate-ls-"));
  const server: LocalStripe = await startLocalStripe({
    port: 0,
    dataDir,
    webhookUrl: `${hooks}/api/webhooks/stripe`,
    connectWebhookUrl: `${hooks}/api/webhooks/stripe/connect`,
    webhookSecret: process.env.STRIPE_WEBHOOK_SECRET,
    connectWebhookSecret: process.env.STRIPE_CONNECT_WEBHOOK_SECRET,
  });
  const client = new Stripe("sk_test_local", { host: "127.0.0.1", port: server.port, protocol: "http", maxNetworkRetries: 0 });
  setStripeClient(client);

  async function control<T = Record<string, unknown>>(p: string, body: unknown = {}, method = "POST"): Promise<T> {
    const res = await fetch(`${server.url}/_local/${p}`, {
      method,
      headers: { "content-type": "application/json" },
      body: method === "GET" ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`Local Stripe control ${p} answered ${res.status}: ${await res.text()}`);
    return (await res.json()) as T;
  }

  return {
    url: server.url,
    stripe: client,
    control,
    flush: () => control("webhooks/flush"),
    fault: (faultPath: string, count = 1, status: 500 | "timeout" = 500) => control("faults", { path: faultPath, status, count }),
    clearFaults: () => control("faults", {}, "DELETE"),
    async close() {
      setStripeClient(undefined);
      await server.close();
      await new Promise<void>((r) => receiver.close(() => r()));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type LocalStripeHarness = Awaited<ReturnType<typeof useLocalStripe>>;

/**
 * Local Stripe for the whole test file: started before its first test, closed after its last.
 * Call it at the top level; the harness it returns may be used only inside hooks and tests.
 */
export function localStripeForFile(): LocalStripeHarness {
  let harness: LocalStripeHarness | undefined;
  beforeAll(async () => {
    harness = await useLocalStripe();
  });
  afterAll(async () => {
    await harness?.close();
  });
  // a stand-in that reaches the running harness, so tests keep writing `ls.stripe`, `ls.flush()`
  return new Proxy({} as LocalStripeHarness, {
    get(_, key) {
      if (!harness) throw new Error("Local Stripe is not running yet: use it inside a test or a hook.");
      return harness[key as keyof LocalStripeHarness];
    },
  });
}

/** A platform whose Express account on Local Stripe has finished onboarding, with its owner and an admin. */
export async function readyPlatform(ls: LocalStripeHarness) {
  const { createPlatform, createUser } = await import("./fixtures");
  const { db } = await import("@/lib/db");
  const platform = await createPlatform();
  const owner = await createUser({ platformId: platform.id, role: "owner" });
  const admin = await createUser({ platformId: platform.id, role: "admin" });
  const account = await ls.stripe.accounts.create({ type: "express", metadata: { platform_id: platform.id } });
  await ls.control(`accounts/${account.id}/onboard`);
  const ready = await db.platform.update({
    where: { id: platform.id },
    data: { stripeAccountId: account.id, stripeChargesEnabled: true, stripeDetailsSubmitted: true, stripePayoutsEnabled: true, stripeStatusCheckedAt: new Date() },
  });
  return { platform: ready, owner, admin, pk: ready.key, accountId: account.id };
}
