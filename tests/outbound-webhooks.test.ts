import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { Webhook } from "standardwebhooks";
import { db } from "@/lib/db";
import type { Platform, Prisma } from "@/lib/db";
import * as collectionRoute from "@/app/api/billing/platforms/[pk]/webhook-endpoints/route";
import * as endpointRoute from "@/app/api/billing/platforms/[pk]/webhook-endpoints/[id]/route";
import * as rotateRoute from "@/app/api/billing/platforms/[pk]/webhook-endpoints/[id]/rotate-secret/route";
import * as deliveriesRoute from "@/app/api/billing/platforms/[pk]/webhook-endpoints/[id]/deliveries/route";
import * as retryRoute from "@/app/api/billing/platforms/[pk]/webhook-endpoints/[id]/deliveries/[delivery]/retry/route";
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { drainJobs, makeRetriesDue } from "@/lib/jobs/queue";
import { queueDeliveriesForSaleEvent } from "@/lib/outbound-webhooks/deliveries-for-event";
import { deliverWebhookJob } from "@/lib/outbound-webhooks/deliver-job";
import { postJson } from "@/lib/outbound-webhooks/http-post";
import { RETRY_DELAYS_SECONDS } from "@/lib/outbound-webhooks/retry-schedule";
import { SALE_EVENT_TYPES, type SaleEventPayload, type SaleEventType } from "@/lib/sale-events/sale-event-schema";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";
import { useLocalStripe } from "./support/local-stripe";
import { checkout, pay, sellingPlatform } from "./support/buy";

// The deployment flag is read through env(); the tests switch it per case.
const flag = vi.hoisted(() => ({ allowPrivate: true }));
vi.mock("@/lib/config/env", async (importOriginal) => {
  const real = await importOriginal<typeof import("@/lib/config/env")>();
  return { ...real, env: () => ({ ...real.env(), OUTBOUND_WEBHOOKS_ALLOW_PRIVATE: flag.allowPrivate }) };
});

type Received = { headers: Record<string, string>; body: string };

/** A webhook receiver on 127.0.0.1 that records every request and answers `status`. */
async function startReceiver() {
  const got: Received[] = [];
  const state = { status: 200 };
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(state.status, { "content-type": "text/plain" });
      res.end(state.status < 300 ? "thanks" : `receiver broke: ${"x".repeat(3000)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, got, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}
type Receiver = Awaited<ReturnType<typeof startReceiver>>;

let seq = 0;
/** A stored sale event, as the Stripe webhook handlers record them. */
async function saleEvent(platform: Platform, type: SaleEventType = "purchase.completed") {
  const id = `evt_test${process.pid}x${++seq}`;
  const payload: SaleEventPayload = {
    id,
    type,
    created_at: new Date().toISOString(),
    platform: { key: platform.key, name: platform.name },
    data: {
      item: { type: "course", id: "algebra", name: "Algebra" },
      buyer: { email: "buyer@example.test", user_id: null },
      purchase: {
        id: "sub-1",
        status: "active",
        interval: "month",
        amount: 2400,
        currency: "eur",
        tier: "Monthly",
        current_period_end: new Date(Date.now() + 30 * 86400_000).toISOString(),
        cancel_at_period_end: false,
        trial_end: null,
      },
      payment: { amount: 2400, currency: "eur", receipt_number: "1001-0001", paid_at: new Date().toISOString(), invoice_id: null, hosted_invoice_url: null },
      refund: null,
      dispute: null,
      change: null,
    },
  };
  return db.saleEvent.create({ data: { id, platformId: platform.id, type, dedupeKey: `${type}:${id}`, payload: payload as unknown as Prisma.InputJsonValue } });
}

let platform: Platform;
let other: Platform;
let owner: { id: string };
let admin: { id: string };
let member: { id: string };
let otherAdmin: { id: string };
let rx: Receiver;

beforeAll(async () => {
  rx = await startReceiver();
});
afterAll(async () => {
  await rx.close();
});
// every case on platforms of its own: endpoints of an earlier case would receive its events too
beforeEach(async () => {
  flag.allowPrivate = true;
  rx.got.length = 0;
  rx.state.status = 200;
  platform = await createPlatform();
  other = await createPlatform();
  owner = await createUser({ platformId: platform.id, role: "owner" });
  admin = await createUser({ platformId: platform.id, role: "admin" });
  member = await createUser({ platformId: platform.id, role: "member" });
  otherAdmin = await createUser({ platformId: other.id, role: "admin" });
});

const create = (body: unknown, userId = admin.id, pk = platform.key) => call(collectionRoute.POST, { method: "POST", sessionUserId: userId, params: { pk }, body });
const deliveries = (id: string, userId = admin.id) => call(deliveriesRoute.GET, { sessionUserId: userId, params: { pk: platform.key, id } });
const retry = (id: string, delivery: string) => call(retryRoute.POST, { method: "POST", sessionUserId: admin.id, params: { pk: platform.key, id, delivery } });

async function endpointFor(events: SaleEventType[] = ["purchase.completed"], url = rx.url) {
  const res = await create({ url, events, description: "CRM" });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; secret: string };
}

/** Fans the event out to its endpoints and runs every job that is due. */
async function fanOut(event: Awaited<ReturnType<typeof saleEvent>>) {
  await queueDeliveriesForSaleEvent(event);
  await drainJobs();
}

/** What the receiver got for one event (retries of an earlier case's events may arrive meanwhile). */
const gotFor = (eventId: string) => rx.got.filter((r) => r.headers["webhook-id"] === eventId);

const deliveryOf = (endpointId: string, eventId: string) =>
  db.webhookDelivery.findUniqueOrThrow({ where: { endpointId_eventId: { endpointId, eventId } }, include: { log: { orderBy: { attempt: "asc" } } } });

describe("webhook endpoints API", () => {
  it("creates an endpoint and shows its secret once; reads, changes and deletes it", async () => {
    const res = await create({ url: rx.url, events: ["refund.created", "purchase.completed", "purchase.completed"], description: "Zapier" }, owner.id);
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ url: rx.url, events: ["purchase.completed", "refund.created"], description: "Zapier", disabled: false });
    expect(res.json.id).toMatch(/^we_/);
    expect(res.json.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    const id = res.json.id as string;

    const list = await call(collectionRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key } });
    expect(list.status).toBe(200);
    const listed = list.json.results.find((e: { id: string }) => e.id === id);
    expect(listed).toMatchObject({ url: rx.url });
    expect(JSON.stringify(list.json)).not.toContain(res.json.secret);

    const read = await call(endpointRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key, id } });
    expect(read.status).toBe(200);
    expect(read.json.secret).toBeUndefined();

    const patched = await call(endpointRoute.PATCH, {
      method: "PATCH",
      sessionUserId: admin.id,
      params: { pk: platform.key, id },
      body: { events: ["dispute.created"], description: "", disabled: true },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.json).toMatchObject({ events: ["dispute.created"], description: null, disabled: true });
    expect(patched.json.secret).toBeUndefined();

    const del = await call(endpointRoute.DELETE, { method: "DELETE", sessionUserId: admin.id, params: { pk: platform.key, id } });
    expect(del.status).toBe(204);
    expect((await call(endpointRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key, id } })).status).toBe(404);
    expect((await call(endpointRoute.DELETE, { method: "DELETE", sessionUserId: admin.id, params: { pk: platform.key, id } })).status).toBe(404);
  });

  it("is for owners and admins: a member gets 403, another platform's admin 404, another platform's endpoint id 404", async () => {
    const { id } = await endpointFor();
    expect((await call(collectionRoute.GET, { sessionUserId: member.id, params: { pk: platform.key } })).status).toBe(403);
    expect((await create({ url: rx.url, events: ["purchase.completed"] }, member.id)).status).toBe(403);
    expect((await call(endpointRoute.GET, { sessionUserId: member.id, params: { pk: platform.key, id } })).status).toBe(403);
    expect((await call(collectionRoute.GET, { sessionUserId: otherAdmin.id, params: { pk: platform.key } })).status).toBe(404);
    expect((await call(collectionRoute.GET, {})).status).toBe(401);

    // the other platform's admin, on their own platform's path, with our endpoint's id
    const theirs = { pk: other.key, id };
    expect((await call(endpointRoute.GET, { sessionUserId: otherAdmin.id, params: theirs })).status).toBe(404);
    expect((await call(endpointRoute.PATCH, { method: "PATCH", sessionUserId: otherAdmin.id, params: theirs, body: { disabled: true } })).status).toBe(404);
    expect((await call(endpointRoute.DELETE, { method: "DELETE", sessionUserId: otherAdmin.id, params: theirs })).status).toBe(404);
    expect((await call(rotateRoute.POST, { method: "POST", sessionUserId: otherAdmin.id, params: theirs })).status).toBe(404);
    expect((await call(deliveriesRoute.GET, { sessionUserId: otherAdmin.id, params: theirs })).status).toBe(404);
    expect(await db.webhookEndpoint.findUniqueOrThrow({ where: { id } })).toMatchObject({ disabled: false });
  });

  it("validates events and URLs with stable codes", async () => {
    const unknown = await create({ url: rx.url, events: ["purchase.completed", "charge.succeeded"] });
    expect(unknown.status).toBe(400);
    expect(unknown.json).toMatchObject({ code: "unknown_webhook_event" });
    expect(unknown.json.errors.events[0]).toContain("charge.succeeded");
    expect((await create({ url: rx.url, events: [] })).json.code).toBe("validation_error");
    expect((await create({ events: ["purchase.completed"] })).json.code).toBe("validation_error");
    for (const url of ["ftp://example.com/x", "https://user:secret@example.com/x", "nope"]) {
      const res = await create({ url, events: ["purchase.completed"] });
      expect(res.status, url).toBe(400);
      expect(res.json.code, url).toBe("invalid_webhook_url");
    }
    expect(await db.webhookEndpoint.count({ where: { platformId: platform.id, url: { startsWith: "ftp" } } })).toBe(0);
  });

  it("refuses private, loopback and link-local destinations unless OUTBOUND_WEBHOOKS_ALLOW_PRIVATE=1", async () => {
    flag.allowPrivate = false;
    for (const url of [rx.url, "http://localhost:8080/x", "http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data", "http://[::1]/x", "http://[::ffff:192.168.0.1]/x", "http://100.64.0.1/"]) {
      const res = await create({ url, events: ["purchase.completed"] });
      expect(res.status, url).toBe(400);
      expect(res.json.code, url).toBe("webhook_destination_private");
    }
    const { id } = await (async () => {
      flag.allowPrivate = true;
      return endpointFor();
    })();
    flag.allowPrivate = false;
    const patch = await call(endpointRoute.PATCH, { method: "PATCH", sessionUserId: admin.id, params: { pk: platform.key, id }, body: { url: "http://192.168.1.10/hook" } });
    expect(patch.json.code).toBe("webhook_destination_private");

    // saved while allowed, delivered while not: the delivery-time check refuses it and logs why
    const event = await saleEvent(platform);
    await fanOut(event);
    expect(gotFor(event.id)).toHaveLength(0);
    const d = await deliveryOf(id, event.id);
    expect(d).toMatchObject({ status: "pending", attempts: 1, responseStatus: null });
    expect(d.lastError).toMatch(/loopback/);
    expect(d.log).toHaveLength(1);

    flag.allowPrivate = true;
    expect((await create({ url: "http://10.1.2.3/x", events: ["purchase.completed"] })).status).toBe(201);
  });
});

describe("webhook delivery", () => {
  it("POSTs the event signed per Standard Webhooks to the endpoints subscribed to its type, once", async () => {
    const ep = await endpointFor(["purchase.completed", "refund.created"]);
    const notSubscribed = await endpointFor(["dispute.created"]);
    const disabled = await endpointFor(["purchase.completed"]);
    await call(endpointRoute.PATCH, { method: "PATCH", sessionUserId: admin.id, params: { pk: platform.key, id: disabled.id }, body: { disabled: true } });
    await endpointFor(["purchase.completed"]).then((e) => db.webhookEndpoint.update({ where: { id: e.id }, data: { platformId: other.id } }));

    const event = await saleEvent(platform);
    await fanOut(event);
    // a repeated fan-out adds no delivery and sends nothing more
    await fanOut(event);

    expect(gotFor(event.id)).toHaveLength(1);
    const [req] = gotFor(event.id);
    const verified = new Webhook(ep.secret).verify(req.body, req.headers) as SaleEventPayload;
    expect(verified).toMatchObject({ id: event.id, type: "purchase.completed", platform: { key: platform.key }, data: { payment: { amount: 2400, currency: "eur" } } });
    expect(req.headers["webhook-id"]).toBe(event.id);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["user-agent"]).toBe("Tollgate-Webhooks/1");
    expect(Math.abs(Number(req.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    // another endpoint's secret does not verify it
    expect(() => new Webhook(notSubscribed.secret).verify(req.body, req.headers)).toThrow();

    const page = await deliveries(ep.id);
    expect(page.status).toBe(200);
    expect(page.json.count).toBe(1);
    expect(page.json.results[0]).toMatchObject({ event_id: event.id, event_type: "purchase.completed", status: "succeeded", attempts: 1, response_status: 200, response_excerpt: "thanks", next_attempt_at: null });
    expect((await deliveries(notSubscribed.id)).json.count).toBe(0);
    expect((await deliveries(disabled.id)).json.count).toBe(0);
  });

  it("logs a failed attempt and schedules the next; a manual redelivery succeeds and the stale retry sends nothing", async () => {
    const ep = await endpointFor();
    rx.state.status = 500;
    const event = await saleEvent(platform);
    await fanOut(event);

    expect(gotFor(event.id)).toHaveLength(1);
    let d = await deliveryOf(ep.id, event.id);
    expect(d).toMatchObject({ status: "pending", attempts: 1, responseStatus: 500, lastError: "The receiver answered 500." });
    expect(d.responseExcerpt!.length).toBeLessThanOrEqual(1024);
    expect(d.responseExcerpt).toMatch(/^receiver broke: x+$/);
    expect(d.nextAttemptAt!.getTime() - d.lastAttemptAt!.getTime()).toBe(30_000);
    expect(d.log.map((a) => [a.attempt, a.manual, a.responseStatus])).toEqual([[1, false, 500]]);
    const listed = (await deliveries(ep.id)).json.results[0];
    expect(listed).toMatchObject({ status: "pending", attempts: 1, response_status: 500, next_attempt_at: d.nextAttemptAt!.toISOString() });

    rx.state.status = 204;
    const res = await retry(ep.id, d.id);
    expect(res.status, res.text).toBe(202);
    expect(res.json).toEqual({ delivery_id: d.id, attempt: 2 });
    // a double click queues the same job
    expect((await retry(ep.id, d.id)).status).toBe(202);
    await drainJobs();
    expect(gotFor(event.id)).toHaveLength(2);
    expect(gotFor(event.id)[1].headers["webhook-id"]).toBe(event.id);
    expect(() => new Webhook(ep.secret).verify(gotFor(event.id)[1].body, gotFor(event.id)[1].headers)).not.toThrow();
    d = await deliveryOf(ep.id, event.id);
    expect(d).toMatchObject({ status: "succeeded", attempts: 2, responseStatus: 204, nextAttemptAt: null, lastError: null });
    expect(d.log.map((a) => [a.attempt, a.manual, a.responseStatus])).toEqual([
      [1, false, 500],
      [2, true, 204],
    ]);

    // the automatic attempt 2 queued after the failure finds it claimed and sends nothing
    await makeRetriesDue();
    await drainJobs();
    expect(gotFor(event.id)).toHaveLength(2);

    expect((await retry(ep.id, "00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await retry(ep.id, "not-a-uuid")).status).toBe(404);
  });

  it("retries with exponential backoff for about a day, then gives up as failed", async () => {
    const ep = await endpointFor();
    rx.state.status = 503;
    const event = await saleEvent(platform);
    await fanOut(event);
    const waits: (number | null)[] = [];
    for (let i = 0; i < 12; i++) {
      const d = await deliveryOf(ep.id, event.id);
      waits.push(d.nextAttemptAt ? (d.nextAttemptAt.getTime() - d.lastAttemptAt!.getTime()) / 1000 : null);
      if (d.status !== "pending") break;
      await makeRetriesDue();
      await drainJobs();
    }
    expect(waits).toEqual([...RETRY_DELAYS_SECONDS, null]);
    const d = await deliveryOf(ep.id, event.id);
    expect(d).toMatchObject({ status: "failed", attempts: 10, nextAttemptAt: null, responseStatus: 503 });
    expect(d.log).toHaveLength(10);
    expect(gotFor(event.id)).toHaveLength(10);
    expect((await call(deliveriesRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key, id: ep.id }, query: { status: "failed" } })).json.count).toBe(1);
    expect((await call(deliveriesRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key, id: ep.id }, query: { status: "succeeded" } })).json.count).toBe(0);

    // a manual redelivery of a delivery that gave up is one more attempt, not a new schedule
    rx.state.status = 200;
    expect((await retry(ep.id, d.id)).status).toBe(202);
    await drainJobs();
    expect(await deliveryOf(ep.id, event.id)).toMatchObject({ status: "succeeded", attempts: 11 });
  });

  it("never sends twice for duplicated jobs of one attempt", async () => {
    const ep = await endpointFor();
    const event = await saleEvent(platform);
    await db.webhookDelivery.create({ data: { endpointId: ep.id, eventId: event.id } });
    const d = await deliveryOf(ep.id, event.id);
    await Promise.all([deliverWebhookJob({ deliveryId: d.id, attempt: 1 }), deliverWebhookJob({ deliveryId: d.id, attempt: 1 })]);
    await deliverWebhookJob({ deliveryId: d.id, attempt: 1 });
    // attempt 2 of a delivery that succeeded is stale too
    await deliverWebhookJob({ deliveryId: d.id, attempt: 2 });
    expect(gotFor(event.id)).toHaveLength(1);
    expect(await deliveryOf(ep.id, event.id)).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("after a rotation signs with the new and the previous secret, so both verify", async () => {
    const ep = await endpointFor();
    const rotated = await call(rotateRoute.POST, { method: "POST", sessionUserId: admin.id, params: { pk: platform.key, id: ep.id } });
    expect(rotated.status).toBe(200);
    expect(rotated.json.secret).toMatch(/^whsec_/);
    expect(rotated.json.secret).not.toBe(ep.secret);
    const expires = new Date(rotated.json.previous_secret_expires_at).getTime();
    expect(Math.abs(expires - Date.now() - 86400_000)).toBeLessThan(60_000);
    expect((await call(endpointRoute.GET, { sessionUserId: admin.id, params: { pk: platform.key, id: ep.id } })).json.previous_secret_expires_at).toBe(rotated.json.previous_secret_expires_at);

    const event = await saleEvent(platform);
    await fanOut(event);
    expect(gotFor(event.id)).toHaveLength(1);
    const [req] = gotFor(event.id);
    expect(req.headers["webhook-signature"].split(" ")).toHaveLength(2);
    expect(new Webhook(rotated.json.secret).verify(req.body, req.headers)).toMatchObject({ id: event.id });
    expect(new Webhook(ep.secret).verify(req.body, req.headers)).toMatchObject({ id: event.id });

    // once the day is over only the new secret signs
    await db.webhookEndpoint.update({ where: { id: ep.id }, data: { previousSecretExpiresAt: new Date(Date.now() - 1000) } });
    const later = await saleEvent(platform);
    await fanOut(later);
    const second = gotFor(later.id)[0];
    expect(second.headers["webhook-signature"].split(" ")).toHaveLength(1);
    expect(() => new Webhook(ep.secret).verify(second.body, second.headers)).toThrow();
    expect(new Webhook(rotated.json.secret).verify(second.body, second.headers)).toMatchObject({ id: later.id });
  });
});

describe("the OpenAPI document", () => {
  it("describes every event's payload in its webhooks section", () => {
    const doc = buildOpenApiDocument([], { version: "test" }) as unknown as {
      webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: unknown }> }; parameters: { name: string; in: string }[] } }>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    expect(Object.keys(doc.webhooks)).toEqual([...SALE_EVENT_TYPES]);
    for (const type of SALE_EVENT_TYPES) {
      const post = doc.webhooks[type].post;
      expect(post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/SaleEvent" });
      expect(post.parameters.filter((p) => p.in === "header").map((p) => p.name)).toEqual(["webhook-id", "webhook-timestamp", "webhook-signature"]);
    }
    expect(Object.keys(doc.components.schemas.SaleEvent.properties)).toEqual(["id", "type", "created_at", "platform", "data"]);
  });
});

describe("the HTTP request", () => {
  it("connects to the address that was checked, whatever the host name resolves to now", async () => {
    const port = new URL(rx.url).port;
    const res = await postJson({ url: new URL(`http://rebound.example.invalid:${port}/hooks`), address: "127.0.0.1", family: 4 }, "{}", {});
    expect(res).toMatchObject({ status: 200, excerpt: "thanks", error: null });
    expect(rx.got.at(-1)!.headers.host).toBe(`rebound.example.invalid:${port}`);
  });

  it("gives up on a receiver that does not answer in time", async () => {
    const silent = http.createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const res = await postJson({ url: new URL(`http://127.0.0.1:${port}/`), address: "127.0.0.1", family: 4 }, "{}", {}, 300);
      expect(res.status).toBeNull();
      expect(res.error).toMatch(/No answer within/);
      expect(res.durationMs).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((r) => silent.close(() => r()));
    }
  });
});

describe("after a real purchase", { timeout: 90_000 }, () => {
  let ls: Awaited<ReturnType<typeof useLocalStripe>>;
  beforeAll(async () => {
    ls = await useLocalStripe();
  });
  afterAll(async () => {
    await ls.close();
  });

  it("the receiver gets a signed purchase.completed for the sale", async () => {
    const s = await sellingPlatform(ls);
    const created = await create({ url: rx.url, events: ["purchase.completed"] }, s.admin.id, s.pk);
    expect(created.status, created.text).toBe(201);
    const learner = await createUser({ platformId: s.platform.id });
    const session = await checkout(learner.id, s.item, { price_id: s.prices.once.id });
    await pay(ls, session.json.session_id);
    await drainJobs();

    const got = rx.got.filter((r) => (JSON.parse(r.body) as Partial<SaleEventPayload>).platform?.key === s.pk);
    expect(got).toHaveLength(1);
    const event = new Webhook(created.json.secret).verify(got[0].body, got[0].headers) as SaleEventPayload;
    expect(event).toMatchObject({
      type: "purchase.completed",
      platform: { key: s.pk },
      data: { item: { type: "course", id: "masterclass" }, buyer: { email: learner.email }, payment: { amount: 2499, currency: "usd" } },
    });
    expect(got[0].headers["webhook-id"]).toBe(event.id);
  });
});
