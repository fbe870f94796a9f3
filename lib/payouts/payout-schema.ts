import { z } from "zod";

// Response schemas of the payout endpoints (Connect balance, Connect payouts, payouts summary);
// pure, so the browser hooks and the UI share these types.

const money = z.string().meta({ description: "Signed decimal amount in the currency's own units." });

export const balanceAmountSchema = z
  .object({
    currency: z.string().meta({ description: "Lower-case ISO currency code." }),
    amount: money,
  })
  .meta({ id: "BalanceAmount" });
export type BalanceAmount = z.infer<typeof balanceAmountSchema>;

export const connectBalanceSchema = z
  .object({
    account_id: z.string().meta({ description: "The platform's connected Stripe account." }),
    available: z.array(balanceAmountSchema).meta({ description: "Funds that can be paid out now, per currency." }),
    pending: z.array(balanceAmountSchema).meta({ description: "Funds not yet available (still settling), per currency." }),
  })
  .meta({ id: "ConnectBalance", description: "The connected account's Stripe balance, read live from Stripe." });
export type ConnectBalance = z.infer<typeof connectBalanceSchema>;

export const PAYOUT_STATUSES = ["pending", "in_transit", "paid", "failed", "canceled"] as const;

export const connectPayoutSchema = z
  .object({
    id: z.string().meta({ description: "Stripe payout id (po_…)." }),
    amount: money.meta({ description: "Positive: what leaves the Stripe balance for the bank account." }),
    currency: z.string(),
    status: z.string().meta({ description: `Stripe's payout status: ${PAYOUT_STATUSES.join(", ")}.` }),
    arrival_date: z.iso.datetime().meta({ description: "When the payout is (expected to be) in the bank." }),
    created: z.iso.datetime(),
    failure_message: z.string().nullable(),
  })
  .meta({ id: "ConnectPayout" });
export type ConnectPayout = z.infer<typeof connectPayoutSchema>;

export const connectPayoutListSchema = z
  .object({
    results: z.array(connectPayoutSchema).meta({ description: "Newest first." }),
    has_more: z.boolean().meta({ description: "More payouts follow: pass the last id as `starting_after`." }),
  })
  .meta({ id: "ConnectPayoutList", description: "Recent payouts of the connected account, read live from Stripe." });
export type ConnectPayoutList = z.infer<typeof connectPayoutListSchema>;

export const connectPayoutsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100, "At most 100 per page.").default(10),
  starting_after: z
    .string()
    .regex(/^po_[A-Za-z0-9_]+$/, "A payout id (po_…).")
    .optional(),
});
export type ConnectPayoutsQuery = z.infer<typeof connectPayoutsQuery>;

export const payoutsSummaryByCurrencySchema = z
  .object({
    currency: z.string(),
    earned: money.meta({ description: "What reached the platform: sales and tips net of commission, refunds and disputes." }),
    paid_out: money.meta({ description: "Positive: sum of the payouts Stripe reported paid (failed ones excluded)." }),
    pending: money.meta({ description: "earned − paid_out: not paid out yet (may include funds Stripe still holds)." }),
  })
  .meta({ id: "PayoutsSummaryByCurrency" });
export type PayoutsSummaryByCurrency = z.infer<typeof payoutsSummaryByCurrencySchema>;

export const payoutsSummarySchema = z
  .object({
    by_currency: z.array(payoutsSummaryByCurrencySchema).meta({ description: "One row per currency seen in the ledger." }),
  })
  .meta({ id: "PayoutsSummary", description: "Earnings and payouts of the platform, from its ledger." });
export type PayoutsSummary = z.infer<typeof payoutsSummarySchema>;
