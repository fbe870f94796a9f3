import "server-only";
import type Stripe from "stripe";
import { ApiError } from "@/lib/api/errors";
import type { Platform } from "@/lib/db";
import { fromMinorUnits } from "@/lib/prices/money";
import { stripe } from "@/lib/stripe/client";
import { callStripe } from "@/lib/stripe/errors";
import type { BalanceAmount, ConnectBalance, ConnectPayout, ConnectPayoutList, ConnectPayoutsQuery } from "./payout-schema";

// Live reads of the connected account's balance and payouts: Stripe is the source of truth for
// what it holds and has sent to the bank; nothing here is cached or written.

function connectedAccount(platform: Platform): string {
  if (!platform.stripeAccountId) throw new ApiError(404, "This platform has no Stripe account.", {}, "not_connected");
  return platform.stripeAccountId;
}

function amounts(list: Stripe.Balance.Available[] | Stripe.Balance.Pending[]): BalanceAmount[] {
  return list
    .map((b) => ({ currency: b.currency, amount: fromMinorUnits(b.amount, b.currency) }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

export async function connectBalance(platform: Platform): Promise<ConnectBalance> {
  const account = connectedAccount(platform);
  const balance = await callStripe("read the Stripe balance", () => stripe().balance.retrieve({}, { stripeAccount: account }));
  return { account_id: account, available: amounts(balance.available), pending: amounts(balance.pending) };
}

const iso = (unix: number) => new Date(unix * 1000).toISOString();

export function payoutView(p: Stripe.Payout): ConnectPayout {
  return {
    id: p.id,
    amount: fromMinorUnits(p.amount, p.currency),
    currency: p.currency,
    status: p.status,
    arrival_date: iso(p.arrival_date),
    created: iso(p.created),
    failure_message: p.failure_message ?? null,
  };
}

export async function connectPayouts(platform: Platform, query: ConnectPayoutsQuery): Promise<ConnectPayoutList> {
  const account = connectedAccount(platform);
  const page = await callStripe("list the Stripe payouts", () =>
    stripe().payouts.list({ limit: query.limit, ...(query.starting_after ? { starting_after: query.starting_after } : {}) }, { stripeAccount: account }),
  );
  return { results: page.data.map(payoutView), has_more: page.has_more };
}
