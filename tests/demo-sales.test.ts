import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemoData } from "@/lib/db/seed";
import { seedDemoSales } from "@/lib/demo/demo-sales";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

describe("zero-config demo sales", () => {
  it("connects acme, sells Calculus Tutor in three tiers and records three guest purchases", async () => {
    await seedDemoData(db);
    expect(await seedDemoSales(ls.url)).toBe(true);
    await ls.flush();
    const acme = await db.platform.findUniqueOrThrow({ where: { key: "acme" } });
    expect(acme).toMatchObject({ stripeChargesEnabled: true, stripeDetailsSubmitted: true });
    const paywall = await db.paywall.findFirstOrThrow({ where: { platformId: acme.id }, include: { prices: true } });
    expect(paywall).toMatchObject({ itemType: "mentor", itemId: "calculus-tutor", isEnabled: true });
    expect(paywall.prices.map((p) => p.interval).sort()).toEqual(["month", "one_time", "year"]);
    const subs = await db.subscription.findMany({ where: { platformId: acme.id } });
    expect(subs.map((s) => s.status)).toEqual(["active", "active", "active"]);
    const ledger = await db.ledgerEntry.findMany({ where: { platformId: acme.id } });
    expect(ledger.map((l) => l.amount).sort((a, b) => a - b)).toEqual([1900, 19000, 29900]);
    // a second start does nothing
    expect(await seedDemoSales(ls.url)).toBe(false);
  });
});
