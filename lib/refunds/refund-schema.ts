import { z } from "zod";

// Request and response of the refund endpoint; pure, for client hooks and forms too.

export const REFUND_REASON_MAX = 500;

/** Stripe's own reasons; any other text is sent as requested_by_customer with the text in metadata. */
export const STRIPE_REFUND_REASONS = ["duplicate", "fraudulent", "requested_by_customer"] as const;
export type StripeRefundReason = (typeof STRIPE_REFUND_REASONS)[number];

export const refundInput = z
  .object({
    ledger_entry_id: z.string().trim().min(1).max(255).meta({ description: "The ledger `charge` row to refund." }),
    amount: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .optional()
      .meta({ description: "Decimal amount in the charge's currency (e.g. \"4.50\"); omitted → everything not refunded yet." }),
    reason: z
      .string()
      .trim()
      .min(1, "A reason is required.")
      .max(REFUND_REASON_MAX)
      .meta({ description: "Why (kept in the audit log); duplicate, fraudulent or requested_by_customer are passed to Stripe as its reason." }),
    idempotency_key: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: "Client-chosen key for this refund attempt (e.g. one per opened form); a repeat with the same key refunds once." }),
  })
  .meta({ id: "RefundInput", description: "Refund (part of) a charge." });
export type RefundInput = z.input<typeof refundInput>;

export const refundSchema = z
  .object({
    id: z.string().meta({ description: "Stripe refund id (re_…)." }),
    ledger_entry_id: z.string(),
    amount: z.string().meta({ description: "Refunded amount, positive, decimal in the charge's currency." }),
    currency: z.string(),
    status: z.string().meta({ description: "Stripe's status: pending, succeeded, failed, requires_action or canceled." }),
    reason: z.string().meta({ description: "The reason given." }),
    created_at: z.iso.datetime(),
  })
  .meta({
    id: "Refund",
    description: "A refund accepted by Stripe; the ledger's negative row follows from Stripe's charge.refunded event.",
  });
export type Refund = z.infer<typeof refundSchema>;
