import { z } from "zod";

// Query and response of the reconciliation endpoint; pure, for client hooks too.

/** Longest range one call compares, so a request cannot scan Stripe without end. */
export const RECONCILIATION_MAX_DAYS = 92;

const isoInstant = z
  .string()
  .trim()
  .max(40)
  .regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, "Use an ISO date (2026-01-31) or date-time.")
  .refine((v) => !Number.isNaN(Date.parse(v)), "Not a valid date.");

export const reconciliationQuery = z
  .object({
    from: isoInstant.meta({ description: "Start of the range (inclusive), ISO date or date-time." }),
    to: isoInstant.meta({ description: "End of the range (exclusive), ISO date or date-time." }),
  })
  .meta({ id: "ReconciliationQuery" });

export const RECONCILIATION_KINDS = ["charge", "application_fee", "refund", "dispute", "dispute_won", "transfer", "payout"] as const;

export const reconciliationDifferenceSchema = z
  .object({
    kind: z.enum(RECONCILIATION_KINDS),
    stripe_id: z.string().meta({ description: "The Stripe object compared (ch_…, fee_…, du_…, tr_…, po_…)." }),
    ledger_entry_id: z.string().nullable().meta({ description: "A ledger row involved, null when the ledger has none." }),
    ledger_amount: z.string().meta({ description: "What the ledger says, signed decimal." }),
    stripe_amount: z.string().meta({ description: "What Stripe says, same sign convention." }),
    delta: z.string().meta({ description: "stripe_amount − ledger_amount." }),
    currency: z.string(),
    detail: z.string().meta({ description: "What was compared." }),
  })
  .meta({ id: "ReconciliationDifference" });
export type ReconciliationDifference = z.infer<typeof reconciliationDifferenceSchema>;

export const reconciliationSchema = z
  .object({
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    checked: z.number().int().meta({ description: "Ledger rows compared with Stripe." }),
    differences: z.array(reconciliationDifferenceSchema).meta({ description: "Empty when the ledger agrees with Stripe." }),
  })
  .meta({ id: "Reconciliation", description: "The platform's ledger compared with Stripe over a range." });
export type Reconciliation = z.infer<typeof reconciliationSchema>;
