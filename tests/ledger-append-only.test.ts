import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createPlatform } from "./support/fixtures";

async function entry(platformId: string, sourceEventId: string, kind: "charge" | "refund" = "charge") {
  return db.ledgerEntry.create({
    data: {
      kind,
      amount: kind === "charge" ? 1500 : -1500,
      currency: "usd",
      feeBps: 2500,
      feeAmount: kind === "charge" ? 375 : -375,
      netAmount: kind === "charge" ? 1125 : -1125,
      platformId,
      sourceEventId,
      occurredAt: new Date(),
    },
  });
}

describe("ledger", () => {
  it("refuses UPDATE and DELETE at the database level", async () => {
    const p = await createPlatform();
    const row = await entry(p.id, "evt_1");
    await expect(db.ledgerEntry.update({ where: { id: row.id }, data: { amount: 1 } })).rejects.toThrow(/append-only/);
    await expect(db.ledgerEntry.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`UPDATE ledger_entries SET amount = 0`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`DELETE FROM ledger_entries`)).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE ledger_entries`)).rejects.toThrow(/append-only/);
    const still = await db.ledgerEntry.findUniqueOrThrow({ where: { id: row.id } });
    expect(still.amount).toBe(1500);
  });

  it("accepts one row per (source event, kind) so a replayed event writes nothing", async () => {
    const p = await createPlatform();
    await entry(p.id, "evt_2", "charge");
    await expect(entry(p.id, "evt_2", "charge")).rejects.toThrow();
    await entry(p.id, "evt_2", "refund");
    expect(await db.ledgerEntry.count({ where: { sourceEventId: "evt_2" } })).toBe(2);
  });
});
