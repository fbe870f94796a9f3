import { z } from "zod";
import { pageSchema } from "@/lib/api/pagination";
import { priceIntervalSchema } from "@/lib/prices/price-view";
import { subscriptionStatusSchema } from "@/lib/subscriptions/statuses";

// Response schemas of the analytics endpoints (subscribers, revenue); pure, for client hooks too.

export const subscriberRowSchema = z
  .object({
    unique_id: z.uuid(),
    user_id: z.string().nullable().meta({ description: "Null for a guest purchase not yet claimed by an account." }),
    username: z.string().nullable(),
    email: z.string(),
    item_type: z.string(),
    item_id: z.string(),
    item_name: z.string().nullable(),
    status: subscriptionStatusSchema,
    price: z
      .object({
        id: z.string(),
        name: z.string(),
        amount: z.string().nullable().meta({ description: "What this buyer pays (decimal), not the tier's current amount." }),
        currency: z.string().nullable(),
        interval: priceIntervalSchema,
        features: z.array(z.string()),
        remark: z.string(),
      })
      .nullable(),
    current_period_start: z.iso.datetime().nullable(),
    current_period_end: z.iso.datetime().nullable(),
    trial_end: z.iso.datetime().nullable(),
    cancel_at_period_end: z.boolean(),
    canceled_at: z.iso.datetime().nullable(),
    is_grandfathered: z.boolean(),
    grandfathered_at: z.iso.datetime().nullable().meta({ description: "When free access was granted by grandfathering; null otherwise." }),
    is_one_time: z.boolean(),
    billing_portal_url: z
      .url()
      .nullable()
      .meta({ description: "Where the buyer manages billing (their purchases page); null when there is nothing to bill (free, grandfathered)." }),
    metadata: z.record(z.string(), z.unknown()).meta({ description: "Stripe references of the purchase, for reconciliation." }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
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
