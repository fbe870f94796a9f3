import fs from "node:fs/promises";
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type Stripe from "stripe";
import { db } from "@/lib/db";
import type { Platform, Prisma } from "@/lib/db";
import * as settingsRoute from "@/app/api/billing/platforms/[pk]/notification-settings/route";
import { drainJobs, makeRetriesDue } from "@/lib/jobs/queue";
import { EMAIL_MAX_ATTEMPTS, sendEmailJob } from "@/lib/mail/email-job";
import { planEmails } from "@/lib/mail/email-plan";
import { queueEmailsForSaleEvent } from "@/lib/mail/emails-for-event";
import { mailSinkPath } from "@/lib/mail/send-mail";
import { EMAIL_TEMPLATES, emailLinks, type EmailKind } from "@/lib/mail/templates";
import { saleEventSchema, type SaleEventPayload, type SaleEventType } from "@/lib/sale-events/sale-event-schema";
import { webhookHandlers } from "@/lib/webhooks/handler-table";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";
import { useLocalStripe, type LocalStripeHarness } from "./support/local-stripe";
import { guestCheckout, pay, sellingPlatform } from "./support/buy";

// The transport reads EMAIL_SERVER through env(), cached for the process: read it afresh here so
// one test can point SMTP at a closed port and back.
vi.mock("@/lib/config/env", async (importOriginal) => {
  const mod = await importOriginal<typeof import("@/lib/config/env")>();
  return { ...mod, env: () => mod.parseEnv(process.env) };
});

const links = emailLinks("http://localhost:3000");

function payload(type: SaleEventType, overrides: { data?: Partial<SaleEventPayload["data"]>; purchase?: Partial<SaleEventPayload["data"]["purchase"]> } = {}): SaleEventPayload {
  const base: SaleEventPayload = {
    id: `evt_${crypto.randomBytes(8).toString("hex")}`,
    type,
    created_at: "2027-01-05T10:00:00.000Z",
    platform: { key: "acme", name: "Acme Academy" },
    data: {
      item: { type: "mentor", id: "calculus-tutor", name: "Calculus Tutor" },
      buyer: { email: "buyer@example.test", user_id: null },
      purchase: {
        id: crypto.randomUUID(),
        status: "active",
        interval: "month",
        amount: 2400,
        currency: "eur",
        tier: "Monthly",
        current_period_end: "2027-02-05T10:00:00.000Z",
        cancel_at_period_end: false,
        trial_end: null,
        ...overrides.purchase,
      },
      payment: { amount: 2400, currency: "eur", receipt_number: "1234-5678", paid_at: "2027-01-05T10:00:00.000Z", invoice_id: "in_123", hosted_invoice_url: "https://pay.example/in_123" },
      refund: null,
      dispute: null,
      change: null,
      ...overrides.data,
    },
  };
  return saleEventSchema.parse(base);
}

const refund = { id: "re_1", amount: 1000, currency: "eur", reason: "requested_by_customer" };
const dispute = { id: "dp_1", amount: 2400, currency: "eur", reason: "fraudulent", status: "needs_response" };

describe("e-mail templates", () => {
  const cases: { kind: EmailKind; p: SaleEventPayload; subject: string; text: string[] }[] = [
    {
      kind: "purchase_receipt",
      p: payload("purchase.completed"),
      subject: "Your receipt for Calculus Tutor",
      text: ["€24.00", "Jan 5, 2027", "1234-5678", "Monthly", "Renews on Feb 5, 2027", links.purchases, "https://pay.example/in_123"],
    },
    {
      kind: "purchase_receipt",
      p: payload("purchase.completed", { purchase: { interval: "one_time", amount: 2499, currency: "usd", tier: "Lifetime", current_period_end: null }, data: { payment: { amount: 2499, currency: "usd", receipt_number: null, paid_at: "2027-01-05T10:00:00.000Z", invoice_id: null, hosted_invoice_url: null } } }),
      subject: "Your receipt for Calculus Tutor",
      text: ["$24.99", "One-time purchase, no renewal", "Lifetime"],
    },
    {
      kind: "purchase_receipt",
      p: payload("purchase.completed", { purchase: { status: "trialing", trial_end: "2027-01-19T10:00:00.000Z" }, data: { payment: null } }),
      subject: "Your receipt for Calculus Tutor",
      text: ["First charge on Jan 19, 2027, when the trial ends"],
    },
    { kind: "renewal_receipt", p: payload("subscription.renewed"), subject: "Your subscription to Calculus Tutor was renewed", text: ["€24.00", "1234-5678", "Renews on Feb 5, 2027"] },
    {
      kind: "payment_failed",
      p: payload("payment.failed", { purchase: { status: "past_due" }, data: { payment: null } }),
      subject: "Payment failed for Calculus Tutor",
      text: ["€24.00", "past due", "billing portal", "Update your payment method", links.purchases],
    },
    {
      kind: "trial_ending",
      p: payload("subscription.trial_will_end", { purchase: { status: "trialing", trial_end: "2027-01-08T10:00:00.000Z" } }),
      subject: "Your trial of Calculus Tutor ends on Jan 8, 2027",
      text: ["€24.00/month", "unless you cancel"],
    },
    {
      kind: "cancellation_confirmed",
      p: payload("subscription.updated", { purchase: { cancel_at_period_end: true } }),
      subject: "Your subscription to Calculus Tutor ends on Feb 5, 2027",
      text: ["You keep access until Feb 5, 2027", "resume"],
    },
    {
      kind: "cancellation_confirmed",
      p: payload("subscription.canceled", { purchase: { status: "canceled" } }),
      subject: "Your subscription to Calculus Tutor has ended",
      text: ["your access", "You will not be charged again"],
    },
    {
      kind: "cancellation_confirmed",
      p: payload("subscription.updated", { data: { change: { cancel_at_period_end: { from: false, to: true } } } }),
      subject: "Your subscription to Calculus Tutor ends on Feb 5, 2027",
      text: ["You keep access until Feb 5, 2027"],
    },
    {
      kind: "cancellation_confirmed",
      p: payload("subscription.canceled", { purchase: { status: "canceled", cancel_at_period_end: true } }),
      subject: "Your subscription to Calculus Tutor has ended",
      text: ["has ended, and with it your access"],
    },
    {
      kind: "cancellation_confirmed",
      p: payload("subscription.canceled", { purchase: { status: "canceled", interval: "one_time", current_period_end: null } }),
      subject: "Your purchase of Calculus Tutor has ended",
      text: ["You can buy it again"],
    },
    { kind: "refund_issued", p: payload("refund.created", { data: { refund } }), subject: "€10.00 refunded for Calculus Tutor", text: ["Acme Academy refunded €10.00", "5 to 10 business days"] },
    { kind: "owner_new_sale", p: payload("purchase.completed"), subject: "New sale: Calculus Tutor", text: ["buyer@example.test", "€24.00/month", links.revenue, links.notificationSettings] },
    { kind: "owner_refund", p: payload("refund.created", { data: { refund } }), subject: "Refund: €10.00 for Calculus Tutor", text: ["requested by customer", "buyer@example.test"] },
    { kind: "owner_dispute", p: payload("dispute.created", { data: { dispute } }), subject: "Dispute opened: €24.00 for Calculus Tutor", text: ["fraudulent", "needs response", "Stripe Dashboard"] },
  ];

  it.each(cases)("$kind: $subject", ({ kind, p, subject, text }) => {
    const mail = EMAIL_TEMPLATES[kind](p, links);
    expect(mail.subject).toBe(subject);
    for (const t of text) {
      expect(mail.text).toContain(t);
      // everything the text says, the HTML says too
      expect(mail.html).toContain(t.replace(/&/g, "&amp;").replace(/'/g, "&#39;"));
    }
    expect(mail.html).toMatch(/^<!doctype html><html lang="en">/);
  });

  it("escapes what comes from the database, keeps the plain text raw and refuses non-http links", () => {
    const evil = '<img src=x onerror="alert(1)"> & "Co"';
    const p = payload("purchase.completed", {
      data: {
        item: { type: "mentor", id: "x", name: `${evil}\r\nBcc: victim@example.test` },
        payment: { amount: 500, currency: "jpy", receipt_number: "<b>1</b>", paid_at: "2027-01-05T10:00:00.000Z", invoice_id: null, hosted_invoice_url: "javascript:alert(1)" },
      },
    });
    for (const kind of Object.keys(EMAIL_TEMPLATES) as EmailKind[]) {
      const mail = EMAIL_TEMPLATES[kind](p, links);
      expect(mail.html).not.toContain("<img");
      expect(mail.html).not.toContain("javascript:");
      expect(mail.subject).not.toMatch(/[\r\n]/);
    }
    const receipt = EMAIL_TEMPLATES.purchase_receipt(p, links);
    expect(receipt.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;Co&quot;");
    expect(receipt.html).toContain("&lt;b&gt;1&lt;/b&gt;");
    expect(receipt.text).toContain(evil);
    // zero-decimal currency: 500 yen, not 5
    expect(receipt.text).toContain("¥500");
  });
});

describe("which e-mails a sale event makes", () => {
  const owners = ["Owner@Example.test", "owner@example.test", "second@example.test"];
  const on = { newSale: true, refund: true, dispute: true };
  const kinds = (p: SaleEventPayload, notify = on) => planEmails({ id: p.id, payload: p }, owners, notify).map((e) => `${e.kind}→${e.to}`);

  it.each([
    ["purchase.completed", payload("purchase.completed"), ["purchase_receipt→buyer@example.test", "owner_new_sale→owner@example.test", "owner_new_sale→second@example.test"]],
    ["subscription.created", payload("subscription.created"), []],
    ["subscription.renewed", payload("subscription.renewed"), ["renewal_receipt→buyer@example.test"]],
    ["payment.failed", payload("payment.failed"), ["payment_failed→buyer@example.test"]],
    ["subscription.trial_will_end", payload("subscription.trial_will_end"), ["trial_ending→buyer@example.test"]],
    ["cancel turned on", payload("subscription.updated", { data: { change: { cancel_at_period_end: { from: false, to: true } } } }), ["cancellation_confirmed→buyer@example.test"]],
    ["cancel turned off (resume)", payload("subscription.updated", { data: { change: { cancel_at_period_end: { from: true, to: false } } } }), []],
    ["status change", payload("subscription.updated", { data: { change: { status: { from: "active", to: "past_due" } } } }), []],
    ["subscription.canceled", payload("subscription.canceled"), ["cancellation_confirmed→buyer@example.test"]],
    ["refund.created", payload("refund.created", { data: { refund } }), ["refund_issued→buyer@example.test", "owner_refund→owner@example.test", "owner_refund→second@example.test"]],
    ["dispute.created", payload("dispute.created", { data: { dispute } }), ["owner_dispute→owner@example.test", "owner_dispute→second@example.test"]],
  ] as const)("%s", (_name, p, expected) => {
    expect(kinds(p)).toEqual(expected);
  });

  it("leaves out the owners' e-mails each platform turned off, never the buyer's", () => {
    const off = { newSale: false, refund: false, dispute: false };
    expect(kinds(payload("purchase.completed"), off)).toEqual(["purchase_receipt→buyer@example.test"]);
    expect(kinds(payload("refund.created", { data: { refund } }), off)).toEqual(["refund_issued→buyer@example.test"]);
    expect(kinds(payload("dispute.created", { data: { dispute } }), off)).toEqual([]);
  });

  it("keys a cancellation by purchase, so scheduling it and its end make one e-mail", () => {
    const scheduled = payload("subscription.updated", { data: { change: { cancel_at_period_end: { from: false, to: true } } } });
    const ended = payload("subscription.canceled", { purchase: { id: scheduled.data.purchase.id } });
    const [a] = planEmails({ id: scheduled.id, payload: scheduled }, [], on);
    const [b] = planEmails({ id: ended.id, payload: ended }, [], on);
    expect(a.dedupeKey).toBe(b.dedupeKey);
  });
});

// ---- through the database, the job queue and the outbox ----

type Outboxed = { to: string; subject: string; text: string; html: string };

async function outbox(): Promise<Outboxed[]> {
  const text = await fs.readFile(mailSinkPath(), "utf8").catch(() => "");
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Outboxed);
}

const mailTo = async (to: string) => (await outbox()).filter((m) => m.to === to);

async function ownedPlatform() {
  const platform = await createPlatform();
  const owner = await createUser({ platformId: platform.id, role: "owner" });
  const admin = await createUser({ platformId: platform.id, role: "admin" });
  const member = await createUser({ platformId: platform.id, role: "member" });
  return { platform, owner, admin, member };
}

let buyerSeq = 0;

/** A sale event row as the webhook handlers store it. */
async function saleEvent(platform: Platform, type: SaleEventType, overrides: Parameters<typeof payload>[1] = {}) {
  const buyer = `buyer-${process.pid}-${++buyerSeq}@example.test`;
  const p = payload(type, { ...overrides, data: { buyer: { email: buyer, user_id: null }, ...overrides.data } });
  p.platform = { key: platform.key, name: platform.name };
  const row = await db.saleEvent.create({
    data: { id: p.id, platformId: platform.id, type, dedupeKey: `${type}:${p.id}`, payload: p as unknown as Prisma.InputJsonValue },
  });
  return { row, buyer, payload: p };
}

describe("sending", () => {
  it("sends the receipt and the owner's notice once, however often the event is fanned out and the queue drained", async () => {
    const { platform, owner } = await ownedPlatform();
    const { row, buyer } = await saleEvent(platform, "purchase.completed");

    await queueEmailsForSaleEvent(row);
    await queueEmailsForSaleEvent(row);
    await drainJobs();
    await queueEmailsForSaleEvent(row);
    await drainJobs();

    const receipts = await mailTo(buyer);
    expect(receipts).toHaveLength(1);
    expect(receipts[0].subject).toBe("Your receipt for Calculus Tutor");
    expect(receipts[0].text).toContain("€24.00");
    expect(receipts[0].html).toContain("€24.00");
    const notices = await mailTo(owner.email);
    expect(notices.map((m) => m.subject)).toEqual(["New sale: Calculus Tutor"]);

    const rows = await db.emailMessage.findMany({ where: { platformId: platform.id }, orderBy: { kind: "asc" } });
    expect(rows.map((r) => [r.kind, r.to, r.status, r.attempts])).toEqual([
      ["owner_new_sale", owner.email, "sent", 1],
      ["purchase_receipt", buyer, "sent", 1],
    ]);
    expect(rows.every((r) => r.sentAt instanceof Date)).toBe(true);
  });

  it("sends no owner e-mail when the owner turned it off; the buyer still gets theirs", async () => {
    const { platform, owner } = await ownedPlatform();
    await db.platform.update({ where: { id: platform.id }, data: { notifyOwnerNewSale: false, notifyOwnerRefund: false } });
    const sale = await saleEvent(platform, "purchase.completed");
    const refunded = await saleEvent(platform, "refund.created", { data: { refund } });
    await queueEmailsForSaleEvent(sale.row);
    await queueEmailsForSaleEvent(refunded.row);
    await drainJobs();

    expect(await mailTo(owner.email)).toEqual([]);
    expect((await mailTo(sale.buyer)).map((m) => m.subject)).toEqual(["Your receipt for Calculus Tutor"]);
    expect((await mailTo(refunded.buyer)).map((m) => m.subject)).toEqual(["€10.00 refunded for Calculus Tutor"]);
  });

  it("confirms a cancellation once per purchase: the scheduled end and the end itself make one e-mail", async () => {
    const { platform } = await ownedPlatform();
    const scheduled = await saleEvent(platform, "subscription.updated", {
      purchase: { cancel_at_period_end: true },
      data: { change: { cancel_at_period_end: { from: false, to: true } } },
    });
    const purchaseId = scheduled.payload.data.purchase.id;
    const endedPayload = payload("subscription.canceled", { purchase: { id: purchaseId, status: "canceled" }, data: { buyer: { email: scheduled.buyer, user_id: null } } });
    const ended = await db.saleEvent.create({
      data: { id: endedPayload.id, platformId: platform.id, type: "subscription.canceled", dedupeKey: `c:${endedPayload.id}`, payload: endedPayload as unknown as Prisma.InputJsonValue },
    });
    await queueEmailsForSaleEvent(scheduled.row);
    await queueEmailsForSaleEvent(ended);
    await drainJobs();
    expect((await mailTo(scheduled.buyer)).map((m) => m.subject)).toEqual(["Your subscription to Calculus Tutor ends on Feb 5, 2027"]);
  });

  it("retries after a transport failure, keeping the error, and sends once the server is back", async () => {
    const { platform } = await ownedPlatform();
    await db.platform.update({ where: { id: platform.id }, data: { notifyOwnerNewSale: false } });
    const { row, buyer } = await saleEvent(platform, "subscription.renewed");
    process.env.EMAIL_SERVER = "smtp://127.0.0.1:1";
    try {
      await queueEmailsForSaleEvent(row);
      await drainJobs();
    } finally {
      delete process.env.EMAIL_SERVER;
    }
    const failed = await db.emailMessage.findFirstOrThrow({ where: { to: buyer } });
    expect(failed).toMatchObject({ status: "pending", attempts: 1, sentAt: null });
    expect(failed.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(await mailTo(buyer)).toEqual([]);

    // the retry is scheduled with backoff; make it due instead of waiting
    await drainJobs();
    expect(await mailTo(buyer)).toEqual([]);
    await makeRetriesDue();
    await drainJobs();
    const sent = await db.emailMessage.findFirstOrThrow({ where: { to: buyer } });
    expect(sent).toMatchObject({ status: "sent", attempts: 2 });
    expect((await mailTo(buyer)).map((m) => m.subject)).toEqual(["Your subscription to Calculus Tutor was renewed"]);
  });

  it("gives up after the queue's last retry: the row is failed and never sent later", async () => {
    const { platform } = await ownedPlatform();
    const { buyer } = await saleEvent(platform, "payment.failed");
    const email = await db.emailMessage.create({ data: { kind: "payment_failed", dedupeKey: `t:${buyer}`, platformId: platform.id, to: buyer, subject: "s", text: "t", html: "<p>t</p>" } });
    process.env.EMAIL_SERVER = "smtp://127.0.0.1:1";
    try {
      for (let i = 0; i < EMAIL_MAX_ATTEMPTS; i++) await expect(sendEmailJob({ emailId: email.id })).rejects.toThrow();
    } finally {
      delete process.env.EMAIL_SERVER;
    }
    expect(await db.emailMessage.findUniqueOrThrow({ where: { id: email.id } })).toMatchObject({ status: "failed", attempts: EMAIL_MAX_ATTEMPTS });
    await sendEmailJob({ emailId: email.id });
    expect(await mailTo(buyer)).toEqual([]);
  });
});

describe("notification settings API", () => {
  const get = (pk: string, userId: string) => call(settingsRoute.GET, { sessionUserId: userId, params: { pk } });
  const patch = (pk: string, userId: string, body: unknown) =>
    call(settingsRoute.PATCH, { method: "PATCH", sessionUserId: userId, params: { pk }, body, headers: { origin: "http://localhost:3000" } });

  it("lets admins read and only owners change; members are refused, other platforms are not found", async () => {
    const { platform, owner, admin, member } = await ownedPlatform();
    const other = await ownedPlatform();

    expect((await get(platform.key, admin.id)).json).toEqual({ new_sale: true, refund: true, dispute: true, is_owner: false });
    expect((await get(platform.key, member.id)).status).toBe(403);
    expect((await get(platform.key, other.owner.id)).status).toBe(404);
    expect((await patch(platform.key, admin.id, { new_sale: false })).status).toBe(403);
    expect((await patch(platform.key, other.owner.id, { new_sale: false })).status).toBe(404);
    expect((await call(settingsRoute.GET, { params: { pk: platform.key } })).status).toBe(401);

    const res = await patch(platform.key, owner.id, { new_sale: false, dispute: false });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ new_sale: false, refund: true, dispute: false, is_owner: true });
    expect(await db.platform.findUniqueOrThrow({ where: { id: platform.id } })).toMatchObject({ notifyOwnerNewSale: false, notifyOwnerRefund: true, notifyOwnerDispute: false });
    expect((await get(platform.key, admin.id)).json).toMatchObject({ new_sale: false, refund: true, dispute: false });
    // the other platform is untouched
    expect((await get(other.platform.key, other.owner.id)).json).toMatchObject({ new_sale: true, dispute: true });

    const bad = await patch(platform.key, owner.id, { refund: "no" });
    expect(bad.status).toBe(400);
    expect(bad.json.errors).toHaveProperty("refund");
  });
});

describe("after a real purchase through Local Stripe", { timeout: 90_000 }, () => {
  let ls: LocalStripeHarness;
  beforeAll(async () => {
    ls = await useLocalStripe();
  });
  afterAll(async () => {
    await ls.close();
  });

  it("mails the guest one receipt with the amount paid and the owner one notice, even when Stripe delivers the event again", async () => {
    const s = await sellingPlatform(ls);
    const buyer = `guest-${process.pid}@example.test`;
    const res = await guestCheckout(s.item, { email: buyer, price_id: s.prices.once.id });
    expect(res.json.session_id).toBeTruthy();
    await pay(ls, res.json.session_id);
    await drainJobs();

    // Stripe may deliver checkout.session.completed again: the handler runs once more
    const stored = await db.stripeEvent.findMany({ where: { type: "checkout.session.completed" } });
    const event = stored.map((r) => r.payload as unknown as Stripe.Event).find((e) => (e.data.object as { id: string }).id === res.json.session_id);
    expect(event).toBeDefined();
    await webhookHandlers.platform["checkout.session.completed"]!(event!, { endpoint: "platform", stripe: ls.stripe });
    await drainJobs();

    const receipts = await mailTo(buyer);
    expect(receipts).toHaveLength(1);
    expect(receipts[0].subject).toBe("Your receipt for Masterclass");
    expect(receipts[0].text).toContain("$24.99");
    expect(receipts[0].text).toContain("Lifetime");
    expect(receipts[0].text).toContain("One-time purchase, no renewal");
    expect((await mailTo(s.owner.email)).map((m) => m.subject)).toEqual(["New sale: Masterclass"]);
    // the admin is not an owner
    expect(await mailTo(s.admin.email)).toEqual([]);
  });
});
