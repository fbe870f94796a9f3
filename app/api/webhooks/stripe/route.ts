import { json, withApi } from "@/lib/api/with-api";
import { receiveStripeWebhook } from "@/lib/webhooks/receive-event";

export const POST = withApi({ auth: "public" }, async ({ req }) => {
  const result = await receiveStripeWebhook("platform", await req.text(), req.headers.get("stripe-signature"));
  return json(result.body, result.status);
});
