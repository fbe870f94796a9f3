import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { webhookHandlers } from "@/lib/webhooks/handler-table";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  delete webhookHandlers.platform["customer.created"];
  await ls.close();
});

describe("delivery from Local Stripe to the app", () => {
  it("retries an event the app answered 500 until it is processed, once", async () => {
    const calls: string[] = [];
    webhookHandlers.platform["customer.created"] = async (event) => {
      calls.push(event.id);
      if (calls.length === 1) throw new Error("temporarily unavailable");
    };
    const customer = await ls.stripe.customers.create({ email: "retry@example.test" });
    await ls.flush();
    const rows = await db.stripeEvent.findMany({ where: { type: "customer.created" } });
    const row = rows.find((r) => (r.payload as { data: { object: { id: string } } }).data.object.id === customer.id)!;
    expect(row).toBeDefined();
    expect(calls).toEqual([row.id, row.id]);
    expect(row).toMatchObject({ attempts: 2, processError: null });
    expect(row.processedAt).not.toBeNull();
  });
});
