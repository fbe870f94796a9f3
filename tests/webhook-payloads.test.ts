import fs from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import * as platformRoute from "@/app/api/webhooks/stripe/route";
import * as connectRoute from "@/app/api/webhooks/stripe/connect/route";
import { call } from "./support/http";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";

// Real webhook payloads from public test suites (older API versions): they must be accepted,
// stored and dispatched without error even though none of their objects belong to Tollgate.
const dir = path.resolve(process.cwd(), "tests/fixtures/stripe-events");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json"));

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

const sdk = new Stripe("sk_test_x");
const EVENT_TYPES = [
  "account.updated",
  "charge.refunded",
  "checkout.session.completed",
  "customer.subscription.deleted",
  "customer.subscription.updated",
  "invoice.paid",
  "invoice.payment_failed",
  "payout.paid",
];

describe("real webhook payloads", () => {
  it.each(files)("%s", async (file) => {
    const raw = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"));
    // data-only files are named "<event type>.<variant>…json"
    const type = EVENT_TYPES.find((t) => file.startsWith(`${t}.`));
    expect(type, `unknown event type in ${file}`).toBeDefined();
    const event = raw.object === "event" ? raw : { id: "evt_x", object: "event", type, created: 1700000000, livemode: false, api_version: null, pending_webhooks: 1, request: null, data: raw };
    expect(event.type).toBe(type);
    event.id = `evt_${file.replace(/[^a-z0-9]/gi, "_")}`;
    const connect = event.type === "account.updated";
    const body = JSON.stringify(event);
    const secret = connect ? process.env.STRIPE_CONNECT_WEBHOOK_SECRET! : process.env.STRIPE_WEBHOOK_SECRET!;
    const res = await call(connect ? connectRoute.POST : platformRoute.POST, {
      method: "POST",
      rawBody: body,
      headers: { "stripe-signature": sdk.webhooks.generateTestHeaderString({ payload: body, secret }) },
    });
    expect(res.status, res.text).toBe(200);
    const row = await db.stripeEvent.findFirstOrThrow({ where: { id: event.id } });
    expect(row.processedAt).not.toBeNull();
    expect(row.type).toBe(event.type);
  });
});
