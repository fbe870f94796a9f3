import { withApi } from "@/lib/api/with-api";
import { platformParams } from "@/lib/api/route-params";
import { connectBalance, connectPayouts } from "./connect-balance";
import { connectBalanceSchema, connectPayoutListSchema, connectPayoutsQuery, payoutsSummarySchema } from "./payout-schema";
import { payoutsSummary } from "./payouts-summary";

// Stripe is read live for the balance and the payout list: an outage is a 503, a Stripe failure a 502
const STRIPE_ERRORS = [502, 503] as const;

export const connectBalanceRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    responses: { 200: connectBalanceSchema },
    errors: STRIPE_ERRORS,
    summary: "Read the connected account's Stripe balance",
    description: "Available and pending funds per currency, read from Stripe. 404 `not_connected` when the platform has no Stripe account.",
    tags: ["payouts"],
  },
  ({ platform }) => connectBalance(platform),
);

export const connectPayoutsRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    query: connectPayoutsQuery,
    responses: { 200: connectPayoutListSchema },
    errors: STRIPE_ERRORS,
    summary: "List the connected account's payouts",
    description:
      "Newest first, read from Stripe; page on with `starting_after` (the last id) while `has_more`. 404 `not_connected` when the platform has no Stripe account.",
    tags: ["payouts"],
  },
  ({ platform, query }) => connectPayouts(platform, query),
);

export const payoutsSummaryRoute = withApi(
  {
    auth: "platform-admin",
    params: platformParams,
    responses: { 200: payoutsSummarySchema },
    summary: "Summarize the platform's earnings and payouts",
    description: "From the ledger, per currency: earned (net of commission, refunds and disputes), paid out (paid payouts) and the difference.",
    tags: ["payouts"],
  },
  ({ platform }) => payoutsSummary(platform),
);
