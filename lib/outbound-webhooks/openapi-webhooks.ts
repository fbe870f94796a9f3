import { z } from "zod";
import type { ZodOpenApiPathsObject } from "zod-openapi";
import { SALE_EVENT_DESCRIPTIONS, SALE_EVENT_TYPES, saleEventSchema } from "@/lib/sale-events/sale-event-schema";
import { RETRY_DELAYS_SECONDS } from "./retry-schedule";

// The OpenAPI 3.1 `webhooks` section: what Tollgate POSTs to a platform's endpoints, one entry
// per event type.

const headers = z.object({
  "webhook-id": z.string().meta({ description: "The event id (`evt_…`), the same on every retry: deduplicate on it." }),
  "webhook-timestamp": z.string().meta({ description: "Unix seconds when this attempt was signed." }),
  "webhook-signature": z.string().meta({
    description: "Space-separated `v1,<base64>` HMAC-SHA256 signatures of `{webhook-id}.{webhook-timestamp}.{body}`, one per active secret (two for 24 h after a rotation). Verify with any Standard Webhooks library.",
  }),
});

const schedule = RETRY_DELAYS_SECONDS.map((s) => (s < 60 ? `${s} s` : s < 3600 ? `${s / 60} min` : `${s / 3600} h`)).join(", ");

export function outboundWebhooksDocument(): ZodOpenApiPathsObject {
  const out: ZodOpenApiPathsObject = {};
  for (const type of SALE_EVENT_TYPES) {
    const name = type.split(/[._]/).map((w) => w[0].toUpperCase() + w.slice(1)).join("");
    out[type] = {
      post: {
        operationId: `webhook${name}`,
        summary: `\`${type}\``,
        description:
          `${SALE_EVENT_DESCRIPTIONS[type]}\n\nPOSTed as JSON (\`type\` = \`${type}\`, User-Agent \`Tollgate-Webhooks/1\`) to every enabled endpoint subscribed to it, signed per Standard Webhooks. ` +
          `Any 2xx answer within 10 s is a success; otherwise it is retried after ${schedule}, then the delivery is failed. Redeliver from the delivery log.`,
        tags: ["webhook-endpoints"],
        requestParams: { header: headers },
        requestBody: { required: true, content: { "application/json": { schema: saleEventSchema } } },
        responses: {
          "200": { description: "Received (any 2xx)." },
          default: { description: "Anything else, or no answer within 10 s: retried." },
        },
      },
    };
  }
  return out;
}
