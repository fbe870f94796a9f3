import { json, withApi } from "@/lib/api/with-api";
import { readLimitedText, WEBHOOK_BODY_LIMIT_BYTES } from "@/lib/api/request-input";
import { receiveStripeWebhook } from "@/lib/webhooks/receive-event";

export const POST = withApi({ auth: "public" }, async ({ req }) => {
  const raw = await readLimitedText(req, WEBHOOK_BODY_LIMIT_BYTES);
  const result = await receiveStripeWebhook("platform", raw, req.headers.get("stripe-signature"));
  return json(result.body, result.status);
});
