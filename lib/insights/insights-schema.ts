import { z } from "zod";

// The Insights answer: access checks by reason and day, and the paywall → checkout → paid funnel
// per item. Pure, for the client hooks too.

/** Longest range one answer covers, in days. */
export const MAX_INSIGHTS_DAYS = 400;
/** Without `from`, the range holds this many days, the last one today (UTC). */
export const DEFAULT_INSIGHTS_DAYS = 30;
/** How many items `most_blocked` lists. */
export const MOST_BLOCKED_LIMIT = 10;

/** Denials that show the paywall (the 402 reasons of the access check). */
export function isDeniedReason(reason: string): boolean {
  return reason === "no_subscription" || reason.startsWith("subscription_");
}

const DAY_MS = 86_400_000;
const day = z.iso.date();

export const insightsQuery = z
  .object({
    from: day.optional().meta({ description: "First UTC day counted (inclusive), `YYYY-MM-DD`. Default: 29 days before `to`'s last day." }),
    to: day.optional().meta({ description: "Exclusive end day, `YYYY-MM-DD` (`to=2026-02-01` stops after January 31). Default: tomorrow, so today is counted." }),
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to) {
      const days = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS;
      if (days <= 0) ctx.addIssue({ code: "custom", path: ["from"], message: "`from` must be before `to`." });
      else if (days > MAX_INSIGHTS_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `At most ${MAX_INSIGHTS_DAYS} days at a time.` });
    }
  });
export type InsightsQuery = z.output<typeof insightsQuery>;
export type InsightsQueryInput = z.input<typeof insightsQuery>;

const ratio = z
  .string()
  .regex(/^\d+\.\d{4}$/)
  .nullable()
  .meta({ description: "paid ÷ paywall_shown with 4 decimals (\"0.2500\" = 25 %); null when the paywall was not shown. Above 1 when buyers came through a share link without meeting the paywall." });

export const insightsItemSchema = z
  .object({
    item_type: z.string().meta({ description: "`plan` for a plan." }),
    item_id: z.string(),
    name: z.string().meta({ description: "The catalog name, else the paywall's (the plan's) name, else the id." }),
    paywall_shown: z.number().int().meta({ description: "Access checks denied with a paywall (`no_subscription`, `subscription_*`)." }),
    checkout_started: z.number().int().meta({ description: "Checkouts created for the item in the range (purchases; tips excluded)." }),
    paid: z.number().int().meta({ description: "Of those checkouts, the ones paid." }),
    conversion: ratio,
  })
  .meta({ id: "InsightsItem" });
export type InsightsItem = z.infer<typeof insightsItemSchema>;

export const insightsSchema = z
  .object({
    from: day.meta({ description: "First day counted (inclusive)." }),
    to: day.meta({ description: "End day (exclusive)." }),
    total_checks: z.number().int(),
    checks_by_reason: z
      .array(z.object({ reason: z.string(), count: z.number().int() }))
      .meta({ description: "Every reason with checks in the range, most first." }),
    by_day: z
      .array(z.object({ day, allowed: z.number().int(), denied: z.number().int() }))
      .meta({ description: "Every day of the range, oldest first, zeros included." }),
    items: z.array(insightsItemSchema).meta({ description: "Items whose paywall was shown or that had checkouts in the range, most shown first." }),
    most_blocked: z.array(insightsItemSchema).meta({ description: `The ${MOST_BLOCKED_LIMIT} items whose paywall was shown most.` }),
  })
  .meta({
    id: "Insights",
    description: "Access checks counted by reason, per day, and the paywall → checkout → paid funnel per item. Counts are written in batches, a few seconds behind.",
  });
export type Insights = z.infer<typeof insightsSchema>;
