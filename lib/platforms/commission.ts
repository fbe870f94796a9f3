import { z } from "zod";
import { BUILT_IN_ITEM_TYPES } from "./item-types";

export const DEFAULT_COMMISSION_BPS = 2500;
export const bpsSchema = z.number().int().min(0, "Commission cannot be negative.").max(10_000, "Commission cannot exceed 10000 bps (100%).");

type WithCommission = { commissionBps: unknown; defaultCommissionBps: number };

function overrides(platform: WithCommission): Record<string, number> {
  const raw = platform.commissionBps;
  return raw && typeof raw === "object" ? (raw as Record<string, number>) : {};
}

/** Commission in basis points the operator takes on an item type for this platform. */
export function commissionBpsFor(platform: WithCommission, itemType: string): number {
  const value = overrides(platform)[itemType];
  return Number.isInteger(value) ? value : platform.defaultCommissionBps;
}

/** Basis points for each built-in type plus any custom type with an override. */
export function commissionTable(platform: WithCommission): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of BUILT_IN_ITEM_TYPES) out[t] = commissionBpsFor(platform, t);
  for (const [t, v] of Object.entries(overrides(platform))) out[t] = v;
  return out;
}
