import "server-only";
import crypto from "node:crypto";
import { db } from "@/lib/db";
import type { WebhookEndpoint } from "@/lib/db";
import { BadRequestError, NotFoundError } from "@/lib/api/errors";
import { pageArgs, pageOf, type PageQuery } from "@/lib/api/pagination";
import { SALE_EVENT_TYPES, type SaleEventType } from "@/lib/sale-events/sale-event-schema";
import { checkDestination } from "./destination";
import {
  PREVIOUS_SECRET_TTL_MS,
  WEBHOOK_ERROR_CODES,
  type CreateEndpointInput,
  type RotatedSecret,
  type UpdateEndpointInput,
  type WebhookEndpointPage,
  type WebhookEndpointView,
  type WebhookEndpointWithSecret,
} from "./endpoint-schema";
import { newSecret } from "./signing";

// A platform's webhook endpoints: where its sale events go and the secret that signs them.

const KNOWN = new Set<string>(SALE_EVENT_TYPES);

/** Known event types, once each, in the documented order; unknown ones are a 400. */
export function eventTypesOrRefuse(events: string[]): SaleEventType[] {
  const unknown = events.filter((e) => !KNOWN.has(e));
  if (unknown.length) {
    const detail = `Unknown event type${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Known: ${SALE_EVENT_TYPES.join(", ")}.`;
    throw new BadRequestError(detail, { errors: { events: [detail] } }, WEBHOOK_ERROR_CODES.unknownEvent);
  }
  const wanted = new Set(events);
  return SALE_EVENT_TYPES.filter((t) => wanted.has(t));
}

export function endpointView(e: WebhookEndpoint, now = new Date()): WebhookEndpointView {
  const previousLive = e.previousSecret && e.previousSecretExpiresAt && e.previousSecretExpiresAt > now;
  return {
    id: e.id,
    url: e.url,
    events: e.events.filter((t): t is SaleEventType => KNOWN.has(t)),
    description: e.description,
    disabled: e.disabled,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
    previous_secret_expires_at: previousLive ? e.previousSecretExpiresAt!.toISOString() : null,
  };
}

const newEndpointId = () => `we_${crypto.randomBytes(12).toString("base64url")}`;

export async function listEndpoints(platformId: string, q: PageQuery): Promise<WebhookEndpointPage> {
  const where = { platformId };
  const [rows, count] = await Promise.all([
    db.webhookEndpoint.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], ...pageArgs(q) }),
    db.webhookEndpoint.count({ where }),
  ]);
  return pageOf(rows.map((r) => endpointView(r)), count, q);
}

/** The platform's endpoint, or 404 (also for another platform's id). */
export async function findEndpoint(platformId: string, id: string): Promise<WebhookEndpoint> {
  const row = await db.webhookEndpoint.findFirst({ where: { id, platformId } });
  if (!row) throw new NotFoundError("Webhook endpoint not found.");
  return row;
}

export async function createEndpoint(platformId: string, input: CreateEndpointInput): Promise<WebhookEndpointWithSecret> {
  const events = eventTypesOrRefuse(input.events);
  const { url } = await checkDestination(input.url);
  const row = await db.webhookEndpoint.create({
    data: { id: newEndpointId(), platformId, url: url.toString(), events, description: input.description || null, secret: newSecret() },
  });
  return { ...endpointView(row), secret: row.secret };
}

export async function updateEndpoint(platformId: string, id: string, input: UpdateEndpointInput): Promise<WebhookEndpointView> {
  const current = await findEndpoint(platformId, id);
  const data: { url?: string; events?: string[]; description?: string | null; disabled?: boolean } = {};
  if (input.events !== undefined) data.events = eventTypesOrRefuse(input.events);
  if (input.url !== undefined) data.url = (await checkDestination(input.url)).url.toString();
  if (input.description !== undefined) data.description = input.description || null;
  if (input.disabled !== undefined) data.disabled = input.disabled;
  if (!Object.keys(data).length) return endpointView(current);
  const row = await db.webhookEndpoint.update({ where: { id: current.id }, data });
  return endpointView(row);
}

export async function deleteEndpoint(platformId: string, id: string): Promise<void> {
  const { count } = await db.webhookEndpoint.deleteMany({ where: { id, platformId } });
  if (!count) throw new NotFoundError("Webhook endpoint not found.");
}

/** A new secret; the one it replaces keeps signing alongside for a day. */
export async function rotateSecret(platformId: string, id: string, now = new Date()): Promise<RotatedSecret> {
  const current = await findEndpoint(platformId, id);
  const expires = new Date(now.getTime() + PREVIOUS_SECRET_TTL_MS);
  const secret = newSecret();
  // only if nobody rotated in between: two rotations at once must not lose the secret receivers hold
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id: current.id, secret: current.secret },
    data: { secret, previousSecret: current.secret, previousSecretExpiresAt: expires },
  });
  if (!count) return rotateSecret(platformId, id, now);
  return { secret, previous_secret_expires_at: expires.toISOString() };
}
