import { z } from "zod";

// What the webhook endpoints answer Stripe once an event is stored and processed (or was already).
// Refusals (bad signature, malformed event, event in progress, failed handler) are error bodies.
export const webhookAckSchema = z
  .object({
    received: z.literal(true),
    duplicate: z.literal(true).optional().meta({ description: "The event was processed by an earlier delivery." }),
    handled: z.boolean().optional().meta({ description: "A handler acted on the event (false: no handler for its type, or skipped as unprocessable)." }),
  })
  .meta({ id: "WebhookAck" });
export type WebhookAck = z.infer<typeof webhookAckSchema>;
