import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { db } from "@/lib/db";
import type { LedgerKind, Prisma } from "@/lib/db";
import * as ledgerRoute from "@/app/api/billing/platforms/[pk]/ledger/route";
import * as exportRoute from "@/app/api/billing/platforms/[pk]/ledger/export/route";
import { csvCell, ledgerCsvStream } from "@/lib/ledger/ledger-export";
import { LEDGER_CSV_COLUMNS, type LedgerRow } from "@/lib/ledger/ledger-schema";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { checkout, guestCheckout, pay, sellingPlatform } from "./support/buy";

let ls: LocalStripeHarness;
beforeAll(async () => {
  ls = await useLocalStripe();
});
afterAll(async () => {
  await ls.close();
});

type Csv = Record<(typeof LEDGER_CSV_COLUMNS)[number], string>;
const parseCsv = (text: string): Csv[] => parse(text, { columns: true, skip_empty_lines: true });

/** "-4.99" → -499, "1500" (jpy) → 1500: decimal strings back to minor units, without floats. */
function minor(amount: string, currency: string): number {
  const exponent = currency === "jpy" ? 0 : 2;
  const [whole, fraction = ""] = amount.replace("-", "").split(".");
  expect(fraction.length).toBe(exponent);
  const value = Number(whole) * 10 ** exponent + (fraction ? Number(fraction) : 0);
  return amount.startsWith("-") ? -value : value;
}

async function adminPlatform() {
  const platform = await createPlatform();
  const admin = await createUser({ platformId: platform.id, role: "admin" });
  return { platform, admin };
}

function entry(platformId: string, i: number, over: Partial<Prisma.LedgerEntryCreateManyInput> = {}): Prisma.LedgerEntryCreateManyInput {
  return {
    platformId,
    kind: "charge",
    amount: 1000,
    currency: "usd",
    feeBps: 1000,
    feeAmount: 100,
    netAmount: 900,
    itemType: "course",
    itemId: "bulk",
    sourceEventId: `evt_bulk_${platformId}_${i}`,
    occurredAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    ...over,
  };
}

describe("ledger list", () => {
  it("pages and filters real sales, refunds and their subscriptions", async () => {
    const s = await sellingPlatform(ls);
    const learner = await createUser({ platformId: s.platform.id });
    const a = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, a.json.session_id);
    const b = await guestCheckout(s.item, { email: "ledger-fan@example.test", price_id: s.prices.monthly.id });
    await pay(ls, b.json.session_id);
    const session = await ls.stripe.checkout.sessions.retrieve(a.json.session_id);
    await ls.stripe.refunds.create({ payment_intent: session.payment_intent as string, amount: 499 });
    await ls.flush();

    const get = (query: Record<string, string> = {}, userId = s.admin.id) => call(ledgerRoute.GET, { sessionUserId: userId, params: { pk: s.pk }, query });
    const all = await get();
    expect(all.status).toBe(200);
    const stored = await db.ledgerEntry.findMany({ where: { platformId: s.platform.id }, include: { subscription: true } });
    expect(all.json.count).toBe(stored.length);
    const rows = all.json.results as LedgerRow[];
    // newest first
    expect(rows.map((r) => r.occurred_at)).toEqual([...rows.map((r) => r.occurred_at)].sort().reverse());

    const charges = (await get({ kind: "charge" })).json.results as LedgerRow[];
    expect(charges.map((r) => r.amount).sort()).toEqual(["10.00", "24.99"]);
    for (const c of charges) {
      expect(c).toMatchObject({ currency: "usd", item_type: "course", item_id: "masterclass", fee_bps: 2500 });
      expect(c.stripe_charge_id).toMatch(/^ch_/);
      // the subscription's public unique id, not the internal one
      const sub = stored.find((e) => e.id === c.id)!.subscription!;
      expect(c.subscription_id).toBe(sub.uniqueId);
    }
    const refunds = (await get({ kind: "refund" })).json.results as LedgerRow[];
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ amount: "-4.99", fee_amount: "-1.25", net_amount: "-3.74", currency: "usd" });
    const refunded = charges.find((c) => c.amount === "24.99")!;
    expect(refunds[0].stripe_charge_id).toBe(refunded.stripe_charge_id);
    const ofCharge = (await get({ stripe_charge_id: refunded.stripe_charge_id! })).json.results as LedgerRow[];
    expect(ofCharge.map((r) => `${r.kind} ${r.amount}`).sort()).toEqual(["charge 24.99", "refund -4.99"]);

    // paging is stable: pages of one cover every row once, in the same order
    const paged: string[] = [];
    for (let page = 1; page <= all.json.count; page++) {
      const p = await get({ page: String(page), page_size: "1" });
      expect(p.json.previous_page).toBe(page > 1 ? page - 1 : null);
      expect(p.json.next_page).toBe(page < all.json.count ? page + 1 : null);
      paged.push(p.json.results[0].id);
    }
    expect(paged).toEqual(rows.map((r) => r.id));

    expect((await get({ item_type: "course", item_id: "masterclass" })).json.count).toBe(all.json.count);
    expect((await get({ item_id: "other" })).json.count).toBe(0);

    // `workshop` names `custom:workshop`
    await db.ledgerEntry.create({ data: entry(s.platform.id, 0, { kind: "adjustment", itemType: "custom:workshop", itemId: "w1", amount: -250, feeAmount: 0, netAmount: -250, occurredAt: new Date("2020-06-01T12:00:00Z") }) });
    const workshop = await get({ item_type: "workshop" });
    expect(workshop.json.results).toEqual([expect.objectContaining({ kind: "adjustment", item_type: "custom:workshop", amount: "-2.50", subscription_id: null, stripe_charge_id: null })]);

    // from inclusive, to exclusive; dates are midnight UTC
    expect((await get({ from: "2020-06-01T12:00:00Z", to: "2020-06-01T12:00:00.001Z" })).json.count).toBe(1);
    expect((await get({ from: "2020-06-01", to: "2020-06-01T12:00:00Z" })).json.count).toBe(0);
    expect((await get({ from: "2020-06-01", to: "2020-06-02" })).json.count).toBe(1);
    expect((await get({ from: "2020-06-02" })).json.count).toBe(all.json.count);
    expect((await get({ to: "2020-06-02" })).json.count).toBe(1);

    const backwards = await get({ from: "2026-02-01", to: "2026-01-01" });
    expect(backwards.status).toBe(400);
    expect(backwards.json).toMatchObject({ code: "validation_error", errors: { "query.from": [expect.any(String)] } });
    const invalid: Record<string, string>[] = [{ kind: "gift" }, { from: "yesterday" }, { to: "2026-02-30" }, { page_size: "500" }];
    for (const bad of invalid) {
      const res = await get(bad);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.json.code).toBe("validation_error");
    }

    // a plain member of the platform, and another platform's admin
    expect((await get({}, learner.id)).status).toBe(403);
    const other = await adminPlatform();
    expect((await get({}, other.admin.id)).status).toBe(404);
    expect((await call(exportRoute.GET, { sessionUserId: other.admin.id, params: { pk: s.pk } })).status).toBe(404);

    // the export holds the same rows, oldest first, and streams the same CSV whatever the batch size
    const csv = await call(exportRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    expect(parseCsv(csv.text).map((r) => r.id)).toEqual([...rows.map((r) => r.id), workshop.json.results[0].id].reverse());
    const small = await new Response(ledgerCsvStream(s.platform.id, {}, 2)).text();
    expect(small).toBe(csv.text);
    const refundsCsv = await call(exportRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk }, query: { kind: "refund" } });
    expect(parseCsv(refundsCsv.text)).toEqual([expect.objectContaining({ kind: "refund", amount: "-4.99", currency: "usd", subscription_id: refunds[0].subscription_id })]);
  });
});

describe("ledger export", () => {
  it("streams 10,000 rows that parse back to the database's count and sums per currency", async () => {
    const { platform, admin } = await adminPlatform();
    const kinds: LedgerKind[] = ["charge", "refund", "dispute", "dispute_won", "application_fee", "payout", "adjustment"];
    const currencies = ["usd", "eur", "jpy"];
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const kind = kinds[i % kinds.length];
      const sign = kind === "refund" || kind === "dispute" || kind === "payout" ? -1 : 1;
      const amount = sign * (100 + ((i * 7919) % 100_000));
      const fee = Math.trunc(amount / 10);
      // seven rows share each instant, so batches of 1000 end in the middle of a tie
      return entry(platform.id, i, { kind, amount, feeAmount: fee, netAmount: amount - fee, currency: currencies[i % 3], occurredAt: new Date(Date.UTC(2026, 0, 1) + Math.floor(i / 7) * 1000) });
    });
    for (let i = 0; i < rows.length; i += 2000) await db.ledgerEntry.createMany({ data: rows.slice(i, i + 2000) });

    const res = await call(exportRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key }, query: { from: "2026-01-01", to: "2026-02-01" } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="${platform.key}-ledger-2026-01-01-2026-02-01.csv"`);
    expect(res.text.split("\r\n")[0]).toBe(LEDGER_CSV_COLUMNS.join(","));

    const parsed = parseCsv(res.text);
    expect(parsed).toHaveLength(10_000);
    expect(new Set(parsed.map((r) => r.id)).size).toBe(10_000);
    const sums: Record<string, { amount: number; fee: number; net: number; count: number }> = {};
    for (const r of parsed) {
      const s = (sums[r.currency] ??= { amount: 0, fee: 0, net: 0, count: 0 });
      s.amount += minor(r.amount, r.currency);
      s.fee += minor(r.fee_amount, r.currency);
      s.net += minor(r.net_amount, r.currency);
      s.count++;
    }
    const expected = await db.ledgerEntry.groupBy({ by: ["currency"], where: { platformId: platform.id }, _sum: { amount: true, feeAmount: true, netAmount: true }, _count: true });
    expect(expected).toHaveLength(3);
    for (const e of expected) {
      expect(sums[e.currency]).toEqual({ amount: e._sum.amount, fee: e._sum.feeAmount, net: e._sum.netAmount, count: e._count });
    }
    // oldest first
    const times = parsed.map((r) => r.occurred_at);
    expect(times).toEqual([...times].sort());

    // the filters apply; an open end names the file by `start` / `now`
    const jpyRefunds = await call(exportRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key }, query: { kind: "refund", to: "2026-01-01T00:10:00Z" } });
    expect(jpyRefunds.headers.get("content-disposition")).toBe(`attachment; filename="${platform.key}-ledger-start-2026-01-01T001000Z.csv"`);
    const expectedRefunds = await db.ledgerEntry.count({ where: { platformId: platform.id, kind: "refund", occurredAt: { lt: new Date("2026-01-01T00:10:00Z") } } });
    expect(expectedRefunds).toBeGreaterThan(0);
    expect(parseCsv(jpyRefunds.text)).toHaveLength(expectedRefunds);
    const backwards = await call(exportRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key }, query: { from: "2026-01-02", to: "2026-01-01" } });
    expect(backwards.json).toMatchObject({ code: "validation_error" });
    // inserting 10,000 rows into the embedded database takes most of this on a busy machine
  }, 180_000);

  it("stops reading when the download is cancelled", async () => {
    const { platform } = await adminPlatform();
    await db.ledgerEntry.createMany({ data: Array.from({ length: 50 }, (_, i) => entry(platform.id, i)) });
    const reader = ledgerCsvStream(platform.id, {}, 10).getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toMatch(/^id,occurred_at,/);
    await reader.cancel();
    expect((await reader.read()).done).toBe(true);
  });

  it("neutralises formulas in text cells and keeps signed amounts as numbers", async () => {
    const { platform, admin } = await adminPlatform();
    const hostile = ["=HYPERLINK(\"http://evil.test\",\"x\")", "+1+2", "-2+3", "@SUM(A1:A9)", "\tTAB", "\rCR", "plain, with \"quotes\""];
    await db.ledgerEntry.createMany({
      data: hostile.map((itemId, i) => entry(platform.id, i, { itemId, kind: "refund", amount: -450, feeAmount: -45, netAmount: -405, stripeChargeId: i === 0 ? "=cmd|' /C calc'!A0" : null })),
    });
    const res = await call(exportRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key } });
    const parsed = parseCsv(res.text);
    expect(parsed.map((r) => r.item_id)).toEqual(hostile.map((v, i) => (i < hostile.length - 1 ? `'${v}` : v)));
    expect(parsed[0].stripe_charge_id).toBe("'=cmd|' /C calc'!A0");
    for (const r of parsed) expect([r.amount, r.fee_amount, r.net_amount, r.fee_bps]).toEqual(["-4.50", "-0.45", "-4.05", "1000"]);
    // amounts go out bare: no quote character, no CSV quoting
    expect(res.text).toContain(",-4.50,-0.45,-4.05,1000,");

    expect(csvCell("amount", "-4.50")).toBe("-4.50");
    expect(csvCell("amount", "-1+2")).toBe("'-1+2");
    expect(csvCell("item_id", "-4.50")).toBe("'-4.50");
    expect(csvCell("item_id", "a=b")).toBe("a=b");
    expect(csvCell("item_id", null)).toBe("");
  });
});
