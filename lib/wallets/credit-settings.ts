import "server-only";
import { db } from "@/lib/db";
import type { Platform } from "@/lib/db";
import type { CreditSettings } from "./wallet-schema";

// The platform's credit unit (what one credit is worth) and its default spend caps.

export function creditSettings(p: Platform): CreditSettings {
  return {
    credit_unit_micros: p.creditUnitMicros,
    credit_currency: p.creditCurrency,
    default_daily_cap: p.defaultDailyCap,
    default_monthly_cap: p.defaultMonthlyCap,
  };
}

export async function updateCreditSettings(p: Platform, input: Partial<CreditSettings>): Promise<CreditSettings> {
  const updated = await db.platform.update({
    where: { id: p.id },
    data: {
      ...(input.credit_unit_micros !== undefined && { creditUnitMicros: input.credit_unit_micros }),
      ...(input.credit_currency !== undefined && { creditCurrency: input.credit_currency }),
      ...(input.default_daily_cap !== undefined && { defaultDailyCap: input.default_daily_cap }),
      ...(input.default_monthly_cap !== undefined && { defaultMonthlyCap: input.default_monthly_cap }),
    },
  });
  return creditSettings(updated);
}
