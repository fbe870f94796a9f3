import { MAX_ATTEMPTS } from "../webhooks.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import { startHarness, type Harness } from "./helpers.js";

let h: Harness;
let secrets: { platform: string; connect: string };
const verifier = new Stripe("sk_test_local");

beforeAll(async () => {
  h = await startHarness();
  secrets = (await h.control<{ webhook_secrets: typeof secrets }>("config", undefined, "GET")).body.webhook_secrets;
});
afterAll(async () => {
  await h.close();
});
beforeEach(async () => {
  await h.control("faults", {}, "DELETE");
  await h.flush();
  h.receiver.clear();
  h.receiver.respond = () => 200;
});

describe("signed delivery", () => {
  it("signs platform events so constructEvent accepts them", async () => {
    const customer = await h.stripe.customers.create({ email: "sig@example.com" });
    await h.flush();
    const r = h.receiver.received.find((x) => x.event.type === "customer.created")!;
    expect(r.endpoint).toBe("platform");
    expect(r.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const event = verifier.webhooks.constructEvent(r.body, r.signature, secrets.platform);
    expect((event.data.object as Stripe.Customer).id).toBe(customer.id);
    expect(event.account).toBeUndefined();
    expect(event.request?.id).toMatch(/^req_/);
    expect(event.pending_webhooks).toBe(1);
    expect(() => verifier.webhooks.constructEvent(r.body, r.signature, secrets.connect)).toThrow();
    const t = Number(/t=(\d+)/.exec(r.signature)![1]);
    expect(Math.abs(t - Math.floor(r.at / 1000))).toBeLessThanOrEqual(1);
    const stored = await h.stripe.events.retrieve(event.id);
    expect(stored.type).toBe("customer.created");
  });

  it("sends account.updated to the Connect endpoint with top-level account", async () => {
    const acct = await h.stripe.accounts.create({ type: "express" });
    await h.control(`accounts/${acct.id}/onboard`);
    await h.flush();
    const r = h.receiver.received.find((x) => x.event.type === "account.updated")!;
    expect(r.endpoint).toBe("connect");
    const event = verifier.webhooks.constructEvent(r.body, r.signature, secrets.connect);
    expect(event.account).toBe(acct.id);
    const obj = event.data.object as Stripe.Account;
    expect(obj.charges_enabled).toBe(true);
    expect(obj.details_submitted).toBe(true);
    expect(obj.payouts_enabled).toBe(true);
    expect(obj.requirements?.currently_due).toEqual([]);
    expect(event.data.previous_attributes).toMatchObject({ charges_enabled: false, details_submitted: false });
    expect(h.receiver.types("platform")).not.toContain("account.updated");
    const connectEvents = await h.stripe.events.list({ type: "account.updated" }, { stripeAccount: acct.id });
    expect(connectEvents.data.map((e) => e.id)).toContain(event.id);
  });

  it("leaves requirements due when asked", async () => {
    const acct = await h.stripe.accounts.create({ type: "express" });
    await h.control(`accounts/${acct.id}/onboard`, { requirements_due: true });
    const a = await h.stripe.accounts.retrieve(acct.id);
    expect(a.charges_enabled).toBe(false);
    expect(a.requirements?.currently_due?.length).toBeGreaterThan(0);
  });
});

describe("retries and chaos", () => {
  it("retries after a 500 until a 2xx, with a fresh timestamp", async () => {
    h.receiver.respond = (_r, attempt) => (attempt === 1 ? 500 : 200);
    const c = await h.stripe.customers.create({ email: "retry@example.com" });
    await h.flush();
    const attempts = h.receiver.received.filter((r) => r.event.type === "customer.created" && (r.event.data.object as Stripe.Customer).id === c.id);
    expect(attempts).toHaveLength(2);
    expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(200);
    for (const a of attempts) expect(() => verifier.webhooks.constructEvent(a.body, a.signature, secrets.platform)).not.toThrow();
    const event = await h.stripe.events.retrieve(attempts[0].event.id);
    expect(event.pending_webhooks).toBe(0);
  });

  it("gives up after a bounded number of attempts", async () => {
    h.receiver.respond = (r) => (r.event.type === "product.created" ? 500 : 200);
    await h.stripe.products.create({ name: "Doomed" });
    await h.flush();
    const attempts = h.receiver.received.filter((r) => r.event.type === "product.created");
    expect(attempts.length).toBe(MAX_ATTEMPTS);
    expect(MAX_ATTEMPTS).toBe(10);
  }, 60_000);

  it("duplicates deliveries when asked", async () => {
    await h.control("faults", { webhooks: { duplicate: true } });
    const c = await h.stripe.customers.create({ email: "dup@example.com" });
    await h.flush();
    const got = h.receiver.received.filter((r) => (r.event.data.object as { id: string }).id === c.id);
    expect(got).toHaveLength(2);
    expect(got[0].event.id).toBe(got[1].event.id);
  });
});

describe("secrets", () => {
  it("keeps generated secrets under DATA_DIR and honours explicit ones", async () => {
    const file = path.join(h.dataDir, "local-stripe", "secrets.json");
    const stored = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
    expect(stored.platform_webhook_secret).toBe(secrets.platform);
    expect(stored.connect_webhook_secret).toBe(secrets.connect);
    const other = await startHarness({ webhookSecret: "whsec_given_platform", connectWebhookSecret: "whsec_given_connect" });
    try {
      const cfg = await other.control<{ webhook_secrets: typeof secrets }>("config", undefined, "GET");
      expect(cfg.body.webhook_secrets).toEqual({ platform: "whsec_given_platform", connect: "whsec_given_connect" });
      await other.stripe.customers.create({});
      await other.flush();
      const r = other.receiver.received[0];
      expect(() => verifier.webhooks.constructEvent(r.body, r.signature, "whsec_given_platform")).not.toThrow();
    } finally {
      await other.close();
    }
  });
});
