import { z } from "zod";
import { SALE_EVENT_TYPES } from "./sale-event-types";

export { SALE_EVENT_DESCRIPTIONS, SALE_EVENT_TYPES, type SaleEventType } from "./sale-event-types";

// What happened after a sale, as platforms receive it in their signed outbound webhooks and as
// the e-mails to buyers and owners are written from it. One event per Stripe fact.

export const saleEventTypeSchema = z.enum(SALE_EVENT_TYPES).meta({ id: "SaleEventType" });


const isoDate = z.string().meta({ format: "date-time" });
const money = z.number().int().meta({ description: "Integer minor units (cents)." });

export const saleEventPurchaseSchema = z
  .object({
    id: z.string().meta({ description: "The purchase's id (a subscription `unique_id`; for `tip.received` the Checkout Session id `cs_…`)." }),
    status: z.string(),
    interval: z.enum(["month", "year", "one_time"]).nullable(),
    amount: money.nullable(),
    currency: z.string().nullable(),
    tier: z.string().nullable().meta({ description: "The tier's name, when it still exists." }),
    current_period_end: isoDate.nullable(),
    cancel_at_period_end: z.boolean(),
    trial_end: isoDate.nullable(),
  })
  .meta({ id: "SaleEventPurchase" });

export const saleEventSchema = z
  .object({
    id: z.string().meta({ description: "`evt_…`; also the `webhook-id` header, the same on every retry." }),
    type: saleEventTypeSchema,
    created_at: isoDate,
    platform: z.object({ key: z.string(), name: z.string() }),
    data: z.object({
      item: z.object({ type: z.string(), id: z.string(), name: z.string().nullable() }),
      buyer: z.object({ email: z.string(), user_id: z.string().nullable() }),
      purchase: saleEventPurchaseSchema,
      payment: z
        .object({
          amount: money,
          currency: z.string(),
          receipt_number: z.string().nullable(),
          paid_at: isoDate,
          invoice_id: z.string().nullable(),
          hosted_invoice_url: z.string().nullable(),
        })
        .nullable(),
      refund: z.object({ id: z.string(), amount: money, currency: z.string(), reason: z.string().nullable() }).nullable(),
      dispute: z.object({ id: z.string(), amount: money, currency: z.string(), reason: z.string().nullable(), status: z.string() }).nullable(),
      change: z
        .object({
          cancel_at_period_end: z.object({ from: z.boolean(), to: z.boolean() }).optional(),
          status: z.object({ from: z.string(), to: z.string() }).optional(),
        })
        .nullable()
        .meta({ description: "For `subscription.updated`: the fields that changed, from → to." }),
      // absent in events stored before tips existed
      tip: z
        .object({ message: z.string().nullable() })
        .nullish()
        .meta({ description: "For `tip.received`: the buyer's note to the creator (null without one); null for every other type." }),
    }),
  })
  .meta({ id: "SaleEvent" });

export type SaleEventPayload = z.infer<typeof saleEventSchema>;
