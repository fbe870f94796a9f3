import "server-only";
import type Stripe from "stripe";
import { db, Prisma } from "@/lib/db";
import { stripeBackground } from "@/lib/stripe/client";
import { isMissingStripeObject } from "@/lib/stripe/errors";
import { inputProblem } from "@/lib/api/request-input";
import { webhookSecret, type WebhookEndpoint } from "@/lib/stripe/webhook-secrets";
import { webhookHandlers, type HandlerTable } from "./handler-table";

export const SIGNATURE_TOLERANCE_SECONDS = 300;
// A claim is a lease, renewed while the handler runs: a process killed mid-event stops renewing,
// and the next delivery may take the event over once the lease runs out.
const LOCK_SECONDS = 20;
const HEARTBEAT_MS = 5_000;

export type WebhookResult = { status: number; body: Record<string, unknown> };

const reject = (status: number, detail: string, code: string): { reject: WebhookResult } => ({ reject: { status, body: { detail, code } } });

/** Verifies the signature of the raw body; returns the event or the answer to give. */
async function verify(endpoint: WebhookEndpoint, rawBody: string, signature: string | null): Promise<{ event: unknown } | { reject: WebhookResult }> {
  if (!signature) return reject(400, "Missing Stripe-Signature header.", "signature_missing");
  let secret: string;
  try {
    secret = await webhookSecret(endpoint);
  } catch (e) {
    console.error("[webhooks] no signing secret", e);
    return reject(503, "Webhook signing secret is not available.", "webhook_secret_unavailable");
  }
  try {
    return { event: stripeBackground().webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS) };
  } catch (e) {
    // a correctly signed body that is not JSON lands here too
    return reject(400, `Invalid signature or payload: ${e instanceof Error ? e.message : String(e)}`, "signature_invalid");
  }
}

/** A signed body we can identify: an object with a string `id` and `type`. */
function envelopeProblem(event: unknown): string | null {
  if (!event || typeof event !== "object" || Array.isArray(event)) return "The payload is not an event object.";
  const e = event as { id?: unknown; type?: unknown };
  if (typeof e.id !== "string" || !/^[A-Za-z0-9_.:-]{1,255}$/.test(e.id)) return "The event has no valid `id`.";
  if (typeof e.type !== "string" || !/^[A-Za-z0-9_.]{1,255}$/.test(e.type)) return "The event has no valid `type`.";
  return null;
}

/** Handlers read `data.object.id`; an event without it cannot be processed, ever. */
function objectProblem(event: Stripe.Event): string | null {
  const object = (event as { data?: { object?: unknown } }).data?.object;
  if (!object || typeof object !== "object" || Array.isArray(object)) return "the event has no data.object";
  if (typeof (object as { id?: unknown }).id !== "string") return "data.object has no id";
  if (event.account !== undefined && event.account !== null && typeof event.account !== "string") return "account is not a string";
  return null;
}

/**
 * Releases every claim on unprocessed events. Only for the embedded database at start-up: one
 * process owns it, so any claim found then was left by a process that died mid-event.
 */
export async function releaseOrphanedClaims(): Promise<number> {
  const { count } = await db.stripeEvent.updateMany({ where: { processedAt: null, lockedUntil: { not: null } }, data: { lockedUntil: null } });
  return count;
}

/**
 * Receives one delivery: raw body → signature → envelope → stored once per endpoint (unique
 * `(source, id)`) → claimed → dispatched by type. A 2xx is only returned once the event is
 * durably stored and processed; a handler failure is recorded on the row and answered 500 so
 * Stripe retries. Events that can never be processed (malformed, or naming objects Stripe no
 * longer has) are recorded as skipped and acknowledged, so they are not retried forever.
 */
export async function receiveStripeWebhook(
  endpoint: WebhookEndpoint,
  rawBody: string,
  signature: string | null,
  handlers: HandlerTable = webhookHandlers[endpoint],
): Promise<WebhookResult> {
  const verified = await verify(endpoint, rawBody, signature);
  if ("reject" in verified) return verified.reject;
  const problem = envelopeProblem(verified.event);
  if (problem) return { status: 400, body: { detail: problem, code: "invalid_event" } };
  const event = verified.event as Stripe.Event;
  const key = { source_id: { source: endpoint, id: event.id } };
  // A replay of an event already processed is answered from its row alone: one small read, no
  // payload sent to the database again, no claim, no Stripe call.
  const seen = await db.stripeEvent.findUnique({ where: key, select: { processedAt: true } });
  if (seen?.processedAt) return { status: 200, body: { received: true, duplicate: true } };
  // Stored and claimed at once: a new row is inserted already holding the lease (one round trip).
  // Only one delivery processes an event at a time, and never after it succeeded.
  const now = new Date();
  const lease = new Date(now.getTime() + LOCK_SECONDS * 1000);
  let inserted = 0;
  if (!seen) {
    // PostgreSQL's jsonb refuses NUL and lone surrogates; keep the event, not the unstorable copy
    const unstorable = inputProblem(event);
    ({ count: inserted } = await db.stripeEvent.createMany({
      data: [
        {
          id: event.id,
          type: event.type,
          source: endpoint,
          account: typeof event.account === "string" ? event.account : null,
          livemode: event.livemode === true,
          payload: (unstorable ? { unstorable } : event) as unknown as Prisma.InputJsonValue,
          lockedUntil: lease,
          attempts: 1,
        },
      ],
      skipDuplicates: true,
    }));
  }
  if (inserted === 0) {
    const claimed = await db.stripeEvent.updateMany({
      where: { id: event.id, source: endpoint, processedAt: null, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      data: { lockedUntil: lease, attempts: { increment: 1 } },
    });
    if (claimed.count === 0) {
      const row = await db.stripeEvent.findUniqueOrThrow({ where: key, select: { processedAt: true } });
      if (row.processedAt) return { status: 200, body: { received: true, duplicate: true } };
      // another delivery is processing it right now; ask Stripe to try again later
      return { status: 409, body: { detail: "Event is being processed.", code: "event_in_progress" } };
    }
  }

  const handler = handlers[event.type];
  let note: string | null = null;
  const malformed = handler ? objectProblem(event) : null;
  const heartbeat = setInterval(() => {
    db.stripeEvent
      .updateMany({ where: { id: event.id, source: endpoint, processedAt: null }, data: { lockedUntil: new Date(Date.now() + LOCK_SECONDS * 1000) } })
      .catch(() => {});
  }, HEARTBEAT_MS);
  if (malformed) {
    note = `skipped: ${malformed}`;
  } else {
    try {
      if (handler) await handler(event, { endpoint, stripe: stripeBackground() });
    } catch (e) {
      clearInterval(heartbeat);
      if (!isMissingStripeObject(e)) {
        const message = e instanceof Error ? e.message : String(e);
        console.error(`[webhooks] ${event.type} ${event.id} failed:`, e);
        await db.stripeEvent.update({ where: key, data: { processError: message.slice(0, 2000), lockedUntil: null } });
        return { status: 500, body: { detail: "Event processing failed; it will be retried.", code: "event_failed" } };
      }
      // the event names an object Stripe does not have for us (deleted, or another account's)
      note = `skipped: ${(e as Error).message}`.slice(0, 2000);
    }
  }
  clearInterval(heartbeat);
  await db.stripeEvent.update({ where: key, data: { processedAt: new Date(), processError: note, lockedUntil: null } });
  return { status: 200, body: { received: true, handled: Boolean(handler) && !note } };
}
