import Stripe from "stripe";
import { db, Prisma } from "@/lib/db";
import { stripe } from "@/lib/stripe/client";
import { webhookSecret, type WebhookEndpoint } from "@/lib/stripe/webhook-secrets";
import { webhookHandlers, type HandlerTable } from "./handler-table";

export const SIGNATURE_TOLERANCE_SECONDS = 300;

function isMissingObject(e: unknown): boolean {
  return e instanceof Stripe.errors.StripeInvalidRequestError && (e.statusCode === 404 || e.code === "resource_missing");
}
// longer than a handler's worst case (a few Stripe reads, each with timeout and retries)
const LOCK_SECONDS = 300;

export type WebhookResult = { status: number; body: Record<string, unknown> };

/** Verifies the signature of the raw body; returns the event or the answer to give. */
async function verify(
  endpoint: WebhookEndpoint,
  rawBody: string,
  signature: string | null,
): Promise<{ event: Stripe.Event } | { reject: WebhookResult }> {
  if (!signature) return { reject: { status: 400, body: { detail: "Missing Stripe-Signature header." } } };
  let secret: string;
  try {
    secret = await webhookSecret(endpoint);
  } catch (e) {
    console.error("[webhooks] no signing secret", e);
    return { reject: { status: 503, body: { detail: "Webhook signing secret is not available." } } };
  }
  try {
    return { event: stripe().webhooks.constructEvent(rawBody, signature, secret, SIGNATURE_TOLERANCE_SECONDS) };
  } catch (e) {
    return { reject: { status: 400, body: { detail: `Invalid signature: ${e instanceof Error ? e.message : String(e)}` } } };
  }
}

/**
 * Receives one delivery: raw body → signature → stored once (unique event id) → claimed →
 * dispatched by type. A 2xx is only returned once the event is durably stored and processed;
 * a handler failure is recorded on the row and answered 500 so Stripe retries.
 */
export async function receiveStripeWebhook(
  endpoint: WebhookEndpoint,
  rawBody: string,
  signature: string | null,
  handlers: HandlerTable = webhookHandlers[endpoint],
): Promise<WebhookResult> {
  const verified = await verify(endpoint, rawBody, signature);
  if ("reject" in verified) return verified.reject;
  const { event } = verified;

  await db.stripeEvent.createMany({
    data: [
      {
        id: event.id,
        type: event.type,
        source: endpoint,
        account: event.account ?? null,
        livemode: event.livemode,
        payload: JSON.parse(rawBody) as Prisma.InputJsonValue,
      },
    ],
    skipDuplicates: true,
  });

  // Claim the event: only one delivery processes it at a time, and never after it succeeded.
  const now = new Date();
  const claimed = await db.stripeEvent.updateMany({
    where: { id: event.id, processedAt: null, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
    data: { lockedUntil: new Date(now.getTime() + LOCK_SECONDS * 1000), attempts: { increment: 1 } },
  });
  if (claimed.count === 0) {
    const row = await db.stripeEvent.findUniqueOrThrow({ where: { id: event.id } });
    if (row.processedAt) return { status: 200, body: { received: true, duplicate: true } };
    // another delivery is processing it right now; ask Stripe to try again later
    return { status: 409, body: { detail: "Event is being processed." } };
  }

  const handler = handlers[event.type];
  let note: string | null = null;
  try {
    if (handler) await handler(event, { endpoint, stripe: stripe() });
  } catch (e) {
    if (!isMissingObject(e)) {
      const message = e instanceof Error ? e.message : String(e);
      console.error(`[webhooks] ${event.type} ${event.id} failed:`, e);
      await db.stripeEvent.update({ where: { id: event.id }, data: { processError: message.slice(0, 2000), lockedUntil: null } });
      return { status: 500, body: { detail: "Event processing failed; it will be retried." } };
    }
    // the event names an object Stripe does not have for us (deleted, or another account's)
    note = `skipped: ${(e as Error).message}`.slice(0, 2000);
  }
  await db.stripeEvent.update({ where: { id: event.id }, data: { processedAt: new Date(), processError: note, lockedUntil: null } });
  return { status: 200, body: { received: true, handled: Boolean(handler) && !note } };
}
