import "server-only";
import type { Platform } from "@/lib/db";
import { ApiError } from "@/lib/api/errors";
import { meteredTier, returnUnits, takeUnits } from "@/lib/metering/included-units";
import { debitWallet, walletFor } from "./wallet-ledger";
import { resolveWalletUser } from "./wallet-user";
import { topUpUrl } from "./top-up-url";
import type { UsageInput } from "./wallet-schema";

// POST …/usage/: a platform's server reports use by one of its users. With an item and units the
// user's metered tier counts the free units first; the rest is charged from the wallet, refused
// whole (402 / 429) when the balance or a cap does not allow it — then the units are given back.

export class InsufficientCreditsError extends ApiError {
  constructor(platformKey: string, balance: number) {
    super(402, "Not enough credits: top up the wallet.", { top_up_url: topUpUrl(platformKey), balance }, "insufficient_credits");
  }
}

export class SpendCapError extends ApiError {
  constructor() {
    super(429, "The spend cap for this period is reached.", {}, "spend_cap_reached");
  }
}

export type UsageCharge = { balance: number; entry_id: string | null; charged: number; free_units: number };

export async function chargeUsage(platform: Platform, input: UsageInput, sourceKey: string | null): Promise<UsageCharge> {
  const { userId } = await resolveWalletUser(platform.id, input.user, { create: true });
  const item = input.item_type && input.item_id ? { type: input.item_type, id: input.item_id } : null;

  let cost = input.amount ?? 0;
  let free = 0;
  let taken: { periodStart: Date; units: number } | null = null;
  if (input.units !== undefined) {
    const tier = item ? await meteredTier(platform.id, userId, item) : null;
    if (item && tier) {
      const split = await takeUnits(platform.id, userId, item, tier.periodStart, input.units, tier.includedUnits);
      taken = { periodStart: tier.periodStart, units: input.units };
      free = split.free;
      cost = split.billable * (tier.unitCredits ?? 1);
    } else {
      cost = input.units;
    }
  }

  if (cost === 0) {
    return { balance: (await walletFor(platform.id, userId)).balance, entry_id: null, charged: 0, free_units: free };
  }
  const result = await debitWallet(platform.id, userId, "usage", cost, {
    sourceKey,
    reason: "usage",
    itemType: item?.type ?? null,
    itemId: item?.id ?? null,
    units: input.units ?? null,
    metadata: input.metadata,
    enforceCaps: true,
  });
  if (!result.ok) {
    if (item && taken) await returnUnits(platform.id, userId, item, taken.periodStart, taken.units);
    throw result.code === "spend_cap_reached" ? new SpendCapError() : new InsufficientCreditsError(platform.key, result.balance);
  }
  return { balance: result.balance, entry_id: result.entry.id, charged: result.charged, free_units: free };
}
