import { z } from "zod";
import { pageSchema } from "@/lib/api/pagination";
import { priceIntervalSchema } from "@/lib/prices/price-view";
import { subscriptionStatusSchema } from "./statuses";

// Response schemas of a buyer's subscriptions. Pure (no db, no env) so client hooks can import
// the inferred types; subscription-view.ts fills them.

const timestamp = z.iso.datetime().nullable();

export const subscriptionViewSchema = z
  .object({
    unique_id: z.uuid(),
    user_id: z.string().nullable().meta({ description: "The buyer's account; null for a guest purchase not yet claimed." }),
    username: z.string().nullable(),
    email: z.string().meta({ description: "The buyer's e-mail (lower case); guest purchases are claimed by it." }),
    item_type: z.string(),
    item_id: z.string(),
    item_name: z.string().nullable(),
    status: subscriptionStatusSchema,
    price: z
      .object({
        id: z.string().meta({ description: "The tier's unique id." }),
        name: z.string(),
        amount: z.string().nullable().meta({ description: "What this buyer pays, as a decimal string; null when unknown." }),
        currency: z.string().nullable(),
        interval: priceIntervalSchema,
        features: z.array(z.string()),
        remark: z.string(),
      })
      .nullable()
      .meta({ description: "The tier bought; null when it was removed or the access was granted without one." }),
    current_period_start: timestamp,
    current_period_end: timestamp,
    trial_end: timestamp,
    cancel_at_period_end: z.boolean(),
    canceled_at: timestamp,
    is_grandfathered: z.boolean(),
    is_one_time: z.boolean().meta({ description: "A one-time purchase rather than a Stripe subscription." }),
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
  })
  .meta({ id: "Subscription", description: "A buyer's subscription to (or one-time purchase of) an item." });
export type SubscriptionView = z.infer<typeof subscriptionViewSchema>;

export const subscriptionPageSchema = pageSchema(subscriptionViewSchema).meta({ id: "SubscriptionPage" });
export type SubscriptionPage = z.infer<typeof subscriptionPageSchema>;

export const billingPortalSchema = z
  .object({ portal_url: z.url().meta({ description: "Stripe's billing portal, where recurring plans are canceled." }) })
  .meta({ id: "BillingPortalRedirect" });

/** Recurring plans answer with Stripe's billing portal; everything else is canceled on the spot. */
export const cancelResultSchema = z.union([billingPortalSchema, subscriptionViewSchema]).meta({ id: "SubscriptionCancelResult" });
export type CancelResult = z.infer<typeof cancelResultSchema>;

export const purchasePlatformSchema = z
  .object({ key: z.string(), name: z.string() })
  .meta({ id: "PurchasePlatform", description: "The platform the item was bought on." });

export const myPurchaseSchema = subscriptionViewSchema
  .extend({ platform: purchasePlatformSchema })
  .meta({ id: "MyPurchase", description: "One of the caller's purchases, on any platform." });
export type MyPurchase = z.infer<typeof myPurchaseSchema>;

export const myPurchasePageSchema = pageSchema(myPurchaseSchema).meta({ id: "MyPurchasePage" });
export type MyPurchasePage = z.infer<typeof myPurchasePageSchema>;
