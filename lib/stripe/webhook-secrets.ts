import "server-only";
import { env } from "@/lib/config/env";
import { localStripeUrl } from "./client";

export type WebhookEndpoint = "platform" | "connect";

let fetched: Promise<Record<WebhookEndpoint, string>> | undefined;

/**
 * Signing secret of each webhook endpoint: from the environment when set; otherwise Local Stripe
 * generated them and tells us over HTTP (so several app instances can share one Local Stripe).
 */
export async function webhookSecret(endpoint: WebhookEndpoint): Promise<string> {
  const e = env();
  const configured = endpoint === "platform" ? e.STRIPE_WEBHOOK_SECRET : e.STRIPE_CONNECT_WEBHOOK_SECRET;
  if (configured) return configured;
  if (e.STRIPE_SECRET_KEY) {
    throw new Error(`${endpoint === "platform" ? "STRIPE_WEBHOOK_SECRET" : "STRIPE_CONNECT_WEBHOOK_SECRET"} is required with a real Stripe key`);
  }
  fetched ??= fetch(`${localStripeUrl()}/_local/config`)
    .then(async (res) => {
      if (!res.ok) throw new Error(`Local Stripe answered ${res.status}`);
      const body = (await res.json()) as { webhook_secrets: Record<WebhookEndpoint, string> };
      return body.webhook_secrets;
    })
    .catch((err) => {
      fetched = undefined;
      throw err;
    });
  return (await fetched)[endpoint];
}

export function resetWebhookSecretCache() {
  fetched = undefined;
}
