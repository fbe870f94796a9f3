import { json, withApi } from "@/lib/api/with-api";
import { readLimitedText, WEBHOOK_BODY_LIMIT_BYTES } from "@/lib/api/request-input";
import { receiveStripeWebhook } from "@/lib/webhooks/receive-event";
import { webhookAckSchema } from "@/lib/webhooks/webhook-ack";

export const POST = withApi(
  {
    auth: "public",
    responses: { 200: webhookAckSchema },
    errors: [409, 503],
    summary: "Receive a Stripe event from connected accounts",
    description:
      "Signed by Stripe (`Stripe-Signature`). 400 `signature_missing`, `signature_invalid` or `invalid_event`; 409 `event_in_progress` while another delivery processes the event; 500 `event_failed` (Stripe retries); 503 `webhook_secret_unavailable`.",
    tags: ["webhooks"],
  },
  async ({ req }) => {
    const raw = await readLimitedText(req, WEBHOOK_BODY_LIMIT_BYTES);
    const result = await receiveStripeWebhook("connect", raw, req.headers.get("stripe-signature"));
    return json(result.body, result.status);
  },
);

// cross-origin preflight from the sites platforms list (see lib/api/cors.ts)
export { corsPreflight as OPTIONS } from "@/lib/api/cors";
