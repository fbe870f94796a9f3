import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { invoiceDiscount } from "@/lib/ledger/payment-entries";
import * as promotionsRoute from "@/app/api/billing/platforms/[pk]/promotion-codes/route";
import * as ledgerRoute from "@/app/api/billing/platforms/[pk]/ledger/route";
import * as exportRoute from "@/app/api/billing/platforms/[pk]/ledger/export/route";
import * as revenueRoute from "@/app/api/billing/platforms/[pk]/revenue/route";
import { call } from "./support/http";
import { createUser } from "./support/fixtures";
import { localStripeForFile } from "./support/local-stripe";
import { checkout, pay, sellingPlatform } from "./support/buy";

const ls = localStripeForFile();

type Selling = Awaited<ReturnType<typeof sellingPlatform>>;

async function promotion(s: Selling, body: Record<string, unknown>) {
  const res = await call(promotionsRoute.POST, { method: "POST", sessionUserId: s.admin.id, params: { pk: s.pk }, body });
  expect(res.status, JSON.stringify(res.json)).toBeLessThan(300);
  return res.json;
}

/** The CSV export parsed into records (no quoted commas in these rows). */
function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split("\r\n");
  const columns = header.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [columns[i], v])));
}

describe("ledger discounts", { timeout: 120_000 }, () => {
  it("sums the discounts Stripe lists on an invoice", () => {
    expect(invoiceDiscount({ total_discount_amounts: [] })).toBe(0);
    expect(invoiceDiscount({ total_discount_amounts: null })).toBe(0);
    expect(invoiceDiscount({ total_discount_amounts: [{ amount: 500, discount: "di_1" }, { amount: 125, discount: "di_2" }] })).toBe(625);
  });

  it("a discounted one-time purchase: the row holds what was charged, the discount beside it; views show gross, discount and net; refunds carry none", async () => {
    const s = await sellingPlatform(ls);
    await promotion(s, { code: "FIVEOFF", amount_off: "5.00", currency: "usd", duration: "once" });
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.once.id, promotion_code: "fiveoff" });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    await pay(ls, res.json.session_id);

    // 24.99 − 5.00 = 19.99 charged; 25 % commission on what was charged: 4.9975 → 5.00
    const charge = await db.ledgerEntry.findFirstOrThrow({ where: { platformId: s.platform.id, kind: "charge" } });
    expect([charge.amount, charge.discountAmount, charge.feeBps, charge.feeAmount, charge.netAmount]).toEqual([1999, 500, 2500, 500, 1499]);

    const asAdmin = { sessionUserId: s.admin.id, params: { pk: s.pk } };
    const list = await call(ledgerRoute.GET, { ...asAdmin, query: { kind: "charge" } });
    expect(list.json.results).toEqual([
      expect.objectContaining({ amount: "19.99", discount_amount: "5.00", gross_amount: "24.99", fee_amount: "5.00", net_amount: "14.99" }),
    ]);
    const csv = await call(exportRoute.GET, asAdmin);
    expect(csv.status).toBe(200);
    const [record] = parseCsv(csv.text);
    expect(record).toMatchObject({ kind: "charge", amount: "19.99", discount_amount: "5.00", gross_amount: "24.99", fee_amount: "5.00", net_amount: "14.99" });

    const revenue = await call(revenueRoute.GET, asAdmin);
    expect(revenue.json).toMatchObject({ gross: "19.99", discounts: "5.00", tips: "0.00", fees: "5.00", net: "14.99", sales_count: 1 });
    expect(revenue.json.by_currency[0]).toMatchObject({ currency: "usd", gross: "19.99", discounts: "5.00" });

    // a full refund gives back what was charged; the refund row has no discount of its own
    await ls.stripe.refunds.create({ charge: charge.stripeChargeId! });
    await ls.flush();
    const refund = await db.ledgerEntry.findFirstOrThrow({ where: { platformId: s.platform.id, kind: "refund" } });
    expect([refund.amount, refund.discountAmount, refund.feeAmount, refund.netAmount]).toEqual([-1999, 0, -500, -1499]);
    const refunded = await call(ledgerRoute.GET, { ...asAdmin, query: { kind: "refund" } });
    expect(refunded.json.results[0]).toMatchObject({ amount: "-19.99", discount_amount: "0.00", gross_amount: "-19.99" });
    // discounts stay what the sale gave; refunds are their own figure
    expect((await call(revenueRoute.GET, asAdmin)).json).toMatchObject({ gross: "19.99", discounts: "5.00", refunds: "-19.99", net: "0.00" });
  });

  it("a discounted subscription invoice records the invoice's discount; the full-price renewal records none", async () => {
    const s = await sellingPlatform(ls);
    await promotion(s, { code: "HALFFIRST", percent_off: 50, duration: "once" });
    const learner = await createUser({ platformId: s.platform.id });
    const res = await checkout(learner.id, s.item, { price_id: s.prices.monthly.id, promotion_code: "HALFFIRST" });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    await pay(ls, res.json.session_id);

    const first = await db.ledgerEntry.findFirstOrThrow({ where: { platformId: s.platform.id, kind: "charge" } });
    expect([first.amount, first.discountAmount, first.feeAmount, first.netAmount]).toEqual([500, 500, 125, 375]);
    expect(first.description).toBe("Subscription payment");

    // the next month is billed at the full 10.00
    await ls.control("clock/advance", { seconds: 32 * 86_400 });
    await ls.flush();
    const charges = await db.ledgerEntry.findMany({ where: { platformId: s.platform.id, kind: "charge" }, orderBy: { occurredAt: "asc" } });
    expect(charges.map((c) => [c.amount, c.discountAmount, c.feeAmount])).toEqual([
      [500, 500, 125],
      [1000, 0, 250],
    ]);
    const revenue = await call(revenueRoute.GET, { sessionUserId: s.admin.id, params: { pk: s.pk } });
    expect(revenue.json).toMatchObject({ gross: "15.00", discounts: "5.00", fees: "3.75", net: "11.25", sales_count: 2 });
  });
});
