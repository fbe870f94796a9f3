import type Stripe from "stripe";
import type { WebhookEndpoint } from "@/lib/stripe/webhook-secrets";
import { syncConnectedAccount } from "@/lib/connect/account-sync";

export type WebhookContext = { endpoint: WebhookEndpoint; stripe: Stripe };
export type WebhookHandler = (event: Stripe.Event, ctx: WebhookContext) => Promise<void>;
export type HandlerTable = Partial<Record<Stripe.Event.Type, WebhookHandler>>;

const accountUpdated: WebhookHandler = async (event, { stripe }) => {
  const account = event.data.object as Stripe.Account;
  await syncConnectedAccount(stripe, event.account ?? account.id);
};

/**
 * Handlers by event type for each endpoint. Each one re-reads what it needs from Stripe and
 * upserts, so duplicates, retries and any arrival order converge on the same state.
 * Types without a handler are acknowledged and recorded.
 */
export const webhookHandlers: Record<WebhookEndpoint, HandlerTable> = {
  platform: {},
  connect: {
    "account.updated": accountUpdated,
  },
};
