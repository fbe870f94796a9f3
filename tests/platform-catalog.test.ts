import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadPlatformCatalog } from "@/lib/catalog/platform-catalog";
import { createPlatform, createUser } from "./support/fixtures";

// The /p/{platform} catalog: every item once, its cheapest tier per currency, and the lock
// state the item page would show the viewer. No Stripe call is made, so rows are written directly.

async function sellingPlatform() {
  const platform = await createPlatform();
  return db.platform.update({
    where: { id: platform.id },
    data: { stripeAccountId: `acct_${platform.key}`, stripeDetailsSubmitted: true, stripeChargesEnabled: true },
  });
}

async function paywalled(platformId: string, itemType: string, itemId: string, opts: { enabled?: boolean; allowFreeTier?: boolean; itemName?: string } = {}) {
  return db.paywall.create({
    data: { platformId, itemType, itemId, itemName: opts.itemName ?? "", isEnabled: opts.enabled ?? true, allowFreeTier: opts.allowFreeTier ?? false },
  });
}

const tier = (paywallId: string, name: string, amount: number, currency: string, interval: "month" | "year" | "one_time", extra: { isActive?: boolean } = {}) =>
  db.price.create({ data: { paywallId, name, amount, currency, interval, stripePriceId: `price_${name}_${currency}`, ...extra } });

describe("platform catalog page", () => {
  it("lists every item once with its lowest active price per currency and a lock state", async () => {
    const platform = await sellingPlatform();
    await db.catalogItem.createMany({
      data: [
        { platformId: platform.id, itemType: "course", itemId: "free-course", name: "Free course" },
        { platformId: platform.id, itemType: "mentor", itemId: "tutor", name: "Tutor" },
        { platformId: platform.id, itemType: "course", itemId: "empty", name: "Empty paywall" },
        { platformId: platform.id, itemType: "course", itemId: "off", name: "Paywall off" },
      ],
    });
    const tutor = await paywalled(platform.id, "mentor", "tutor");
    await tier(tutor.id, "Yearly", 24000, "usd", "year");
    await tier(tutor.id, "Monthly", 2400, "usd", "month");
    await tier(tutor.id, "Cheap but inactive", 100, "usd", "month", { isActive: false });
    await tier(tutor.id, "Euro", 2000, "eur", "month");
    await paywalled(platform.id, "course", "empty");
    const off = await paywalled(platform.id, "course", "off", { enabled: false });
    await tier(off.id, "Old", 500, "usd", "one_time");
    const workshop = await paywalled(platform.id, "custom:workshop", "live", { itemName: "Live workshop" });
    await tier(workshop.id, "Seat", 4900, "usd", "one_time");

    const catalog = await loadPlatformCatalog(platform.key, null);
    const byId = Object.fromEntries(catalog!.entries.map((e) => [e.itemId, e]));
    expect(Object.keys(byId).sort()).toEqual(["empty", "free-course", "live", "off", "tutor"]);
    expect(byId["free-course"]).toMatchObject({ lock: "free", lowest: [], buyHref: null });
    expect(byId.off).toMatchObject({ lock: "free", lowest: [] });
    expect(byId.empty).toMatchObject({ lock: "unavailable", lowest: [], buyHref: null });
    expect(byId.tutor.lock).toBe("locked");
    expect(byId.tutor.buyHref).toBe(`/buy/${tutor.uniqueId}`);
    // one per currency, the inactive tier ignored; money is never compared across currencies
    expect(byId.tutor.lowest.map((p) => [p.name, p.currency, p.amount_minor])).toEqual([
      ["Euro", "eur", 2000],
      ["Monthly", "usd", 2400],
    ]);
    // a custom item that exists only as a paywall is listed under its paywall's name
    expect(byId.live).toMatchObject({ name: "Live workshop", lock: "locked", href: `/p/${platform.key}/items/custom%3Aworkshop/live` });
  });

  it("shows each viewer what the item page would: admins and free-tier members unlocked, other members locked", async () => {
    const platform = await sellingPlatform();
    await db.catalogItem.createMany({
      data: [
        { platformId: platform.id, itemType: "course", itemId: "paid", name: "Paid" },
        { platformId: platform.id, itemType: "course", itemId: "free-tier", name: "Free tier" },
      ],
    });
    const paid = await paywalled(platform.id, "course", "paid");
    await tier(paid.id, "Monthly", 1000, "usd", "month");
    const freeTier = await paywalled(platform.id, "course", "free-tier", { allowFreeTier: true });
    await tier(freeTier.id, "Monthly", 1000, "usd", "month");
    const member = await createUser({ platformId: platform.id, role: "member" });
    const admin = await createUser({ platformId: platform.id, role: "admin" });

    const lock = async (user: typeof member | null) =>
      Object.fromEntries((await loadPlatformCatalog(platform.key, user))!.entries.map((e) => [e.itemId, e.lock]));
    expect(await lock(member)).toEqual({ paid: "locked", "free-tier": "unlocked" });
    expect(await lock(admin)).toEqual({ paid: "unlocked", "free-tier": "unlocked" });
  });

  it("says nothing is on sale when the seller cannot take payments, and knows no unknown platform", async () => {
    const platform = await createPlatform();
    await db.catalogItem.create({ data: { platformId: platform.id, itemType: "course", itemId: "c", name: "C" } });
    const p = await paywalled(platform.id, "course", "c");
    await tier(p.id, "Monthly", 1000, "usd", "month");
    const [entry] = (await loadPlatformCatalog(platform.key, null))!.entries;
    expect(entry).toMatchObject({ lock: "unavailable", lowest: [], buyHref: null });
    expect(await loadPlatformCatalog("no-such-platform", null)).toBeNull();
  });
});
