import { z } from "zod";
import { pageSchema } from "@/lib/api/pagination";
import { SALE_EVENT_TYPES, saleEventTypeSchema } from "@/lib/sale-events/sale-event-schema";

// Requests and answers of the webhook-endpoint API; pure, for the client hooks and forms too.

import { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_URL_MAX } from "./endpoint-limits";

export { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_URL_MAX };
/** How long a rotated-out secret keeps signing next to the new one, so receivers can roll over. */
export const PREVIOUS_SECRET_TTL_MS = 24 * 60 * 60 * 1000;

/** Error codes of this API, listed in the Error schema's description too. */
export const WEBHOOK_ERROR_CODES = {
  invalidUrl: "invalid_webhook_url",
  privateDestination: "webhook_destination_private",
  unresolvable: "webhook_destination_unresolvable",
  unknownEvent: "unknown_webhook_event",
} as const;

const eventList = z
  .array(z.string().trim().min(1).max(100))
  .min(1, "Pick at least one event.")
  .max(SALE_EVENT_TYPES.length * 2)
  .meta({ description: `Event types to receive: ${SALE_EVENT_TYPES.join(", ")}.` });

const urlField = z
  .string()
  .trim()
  .min(1, "A URL is required.")
  .max(WEBHOOK_URL_MAX)
  .meta({ description: "http(s) URL that receives a POST per event; it must not resolve to a private, loopback or link-local address." });

const descriptionField = z.string().trim().max(WEBHOOK_DESCRIPTION_MAX).meta({ description: "A note for people, e.g. what receives it." });

export const createEndpointInput = z
  .object({ url: urlField, events: eventList, description: descriptionField.optional() })
  .meta({ id: "WebhookEndpointInput" });
export type CreateEndpointInput = z.input<typeof createEndpointInput>;

export const updateEndpointInput = z
  .object({
    url: urlField.optional(),
    events: eventList.optional(),
    description: descriptionField.nullable().optional(),
    disabled: z.boolean().optional().meta({ description: "A disabled endpoint gets no new deliveries; pending retries stop." }),
  })
  .meta({ id: "WebhookEndpointUpdate" });
export type UpdateEndpointInput = z.input<typeof updateEndpointInput>;

const iso = z.iso.datetime();

export const endpointSchema = z
  .object({
    id: z.string().meta({ description: "`we_…`" }),
    url: z.string(),
    events: z.array(saleEventTypeSchema),
    description: z.string().nullable(),
    disabled: z.boolean(),
    created_at: iso,
    updated_at: iso,
    previous_secret_expires_at: iso.nullable().meta({ description: "Until then the secret in use before the last rotation signs too." }),
  })
  .meta({ id: "WebhookEndpoint" });
export type WebhookEndpointView = z.infer<typeof endpointSchema>;

export const endpointWithSecretSchema = endpointSchema
  .extend({
    secret: z.string().meta({ description: "`whsec_…` signing secret (Standard Webhooks). Shown only in this answer and on rotation." }),
  })
  .meta({ id: "WebhookEndpointWithSecret" });
export type WebhookEndpointWithSecret = z.infer<typeof endpointWithSecretSchema>;

export const endpointPageSchema = pageSchema(endpointSchema).meta({ id: "WebhookEndpointPage" });
export type WebhookEndpointPage = z.infer<typeof endpointPageSchema>;

export const rotatedSecretSchema = z
  .object({
    secret: z.string().meta({ description: "The new `whsec_…` secret, shown only here." }),
    previous_secret_expires_at: iso.meta({ description: "The previous secret signs alongside the new one (space-separated `webhook-signature`) until then." }),
  })
  .meta({ id: "WebhookSecret" });
export type RotatedSecret = z.infer<typeof rotatedSecretSchema>;

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const deliveryQuery = z.object({
  page: z.coerce.number().int().min(1, "Page starts at 1.").default(1),
  page_size: z.coerce.number().int().min(1).max(100, "At most 100 per page.").default(20),
  status: z.enum(DELIVERY_STATUSES).optional(),
});
export type DeliveryQuery = z.infer<typeof deliveryQuery>;

export const deliverySchema = z
  .object({
    id: z.uuid(),
    event_id: z.string().meta({ description: "The sale event (`evt_…`), sent as `webhook-id`." }),
    event_type: saleEventTypeSchema,
    status: z.enum(DELIVERY_STATUSES).meta({ description: "pending (first attempt or a retry to come), succeeded (a 2xx answer) or failed (gave up)." }),
    attempts: z.number().int(),
    next_attempt_at: iso.nullable(),
    last_attempt_at: iso.nullable(),
    response_status: z.number().int().nullable().meta({ description: "HTTP status of the last attempt; null when it got no answer." }),
    response_excerpt: z.string().nullable().meta({ description: "The first 1 KB of the last answer's body." }),
    last_error: z.string().nullable().meta({ description: "Why the last attempt failed without an answer (timeout, refused address…)." }),
    created_at: iso,
  })
  .meta({ id: "WebhookDelivery" });
export type WebhookDeliveryView = z.infer<typeof deliverySchema>;

export const deliveryPageSchema = pageSchema(deliverySchema).meta({ id: "WebhookDeliveryPage" });
export type WebhookDeliveryPage = z.infer<typeof deliveryPageSchema>;

export const retryAcceptedSchema = z
  .object({ delivery_id: z.uuid(), attempt: z.number().int().meta({ description: "The attempt number the redelivery will be." }) })
  .meta({ id: "WebhookRedelivery" });
export type RetryAccepted = z.infer<typeof retryAcceptedSchema>;
