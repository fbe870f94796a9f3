import { z } from "zod";
import { pageSchema } from "@/lib/api/pagination";
import { subscriptionViewSchema } from "@/lib/subscriptions/subscription-schema";

// Response schemas of the analytics endpoints (subscribers, revenue); pure, for client hooks too.

/** A subscription as the buyer sees it, plus what an admin of the platform needs. */
export const subscriberRowSchema = subscriptionViewSchema
  .extend({
    grandfathered_at: z.iso.datetime().nullable().meta({ description: "When free access was granted by grandfathering; null otherwise." }),
    billing_portal_url: z
      .url()
      .nullable()
      .meta({ description: "Where the buyer manages billing (their purchases page); null when there is nothing to bill (free, grandfathered)." }),
    metadata: z.record(z.string(), z.unknown()).meta({ description: "Stripe references of the purchase, for reconciliation." }),
  })
  .meta({ id: "SubscriberRow", description: "A subscriber of the platform or of one item." });
export type SubscriberRow = z.infer<typeof subscriberRowSchema>;

export const subscriberPageSchema = pageSchema(subscriberRowSchema).meta({ id: "SubscriberPage" });
export type SubscriberPage = z.infer<typeof subscriberPageSchema>;

const money = z.string().meta({ description: "Decimal amount in the currency's own units." });

export const revenueByCurrencySchema = z
  .object({
    currency: z.string(),
    sales_volume: money.meta({ description: "What reached the platform: net of commission, refunds and disputes." }),
    sales_count: z.number().int(),
    gross_volume: money,
    commission: money,
    refunds: money.meta({ description: "Negative: money returned to buyers." }),
    disputes: money,
  })
  .meta({ id: "RevenueByCurrency" });

export const revenueSchema = z
  .object({
    sales_volume: money,
    sales_count: z.number().int(),
    currency: z.string().meta({ description: "The currency of most sales; the top-level figures are in it." }),
    by_currency: z.array(revenueByCurrencySchema),
  })
  .meta({ id: "Revenue", description: "A platform's revenue from its ledger." });
export type Revenue = z.infer<typeof revenueSchema>;
