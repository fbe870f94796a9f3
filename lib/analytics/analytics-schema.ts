import { z } from "zod";
import { pageSchema } from "@/lib/api/pagination";
import { subscriptionViewSchema } from "@/lib/subscriptions/subscription-schema";

// Response schemas of the analytics endpoints (subscribers, revenue); pure, for client hooks too.

/** A subscription as the buyer sees it, plus what an admin of the platform needs. */
export const subscriberRowSchema = subscriptionViewSchema
  .extend({
    grandfathered_at: z.iso.datetime().nullable().meta({ description: "When free access was granted by grandfathering; null otherwise." }),
    billing_portal_url: z
      .url()
      .nullable()
      .meta({ description: "Where the buyer manages billing (their purchases page); null when there is nothing to bill (free, grandfathered)." }),
    metadata: z.record(z.string(), z.unknown()).meta({ description: "Stripe references of the purchase, for reconciliation." }),
  })
  .meta({ id: "SubscriberRow", description: "A subscriber of the platform or of one item." });
export type SubscriberRow = z.infer<typeof subscriberRowSchema>;

export const subscriberPageSchema = pageSchema(subscriberRowSchema).meta({ id: "SubscriberPage" });
export type SubscriberPage = z.infer<typeof subscriberPageSchema>;

const money = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/)
  .meta({ description: "Signed decimal amount in the currency's own units (\"15.00\", \"-4.50\", \"1500\" in jpy)." });
const currencyCode = z.string().meta({ description: "Lower-case ISO currency code of every amount beside it." });

// ---------------------------------------------------------------- ranges (query)

/** `2026-01-31` (midnight UTC) or a full ISO datetime with offset (`2026-01-31T12:00:00Z`). */
const instant = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })])
  .transform((v) => new Date(v.length === 10 ? `${v}T00:00:00Z` : v));

const rangeFields = {
  from: instant
    .optional()
    .meta({ description: "Inclusive lower bound on when money moved: a date (from midnight UTC of that day) or an ISO datetime." }),
  to: instant.optional().meta({
    description:
      "Exclusive upper bound: a date means midnight UTC at the start of that day, so that day is NOT included (`from=2026-01-01&to=2026-02-01` is January); or an ISO datetime.",
  }),
};
const currencyFilter = z
  .string()
  .regex(/^[a-z]{3}$/, "A lower-case three-letter ISO currency code, e.g. usd.")
  .optional()
  .meta({ description: "Lower-case ISO currency code; only money in that currency is counted." });

function fromBeforeTo(q: { from?: Date; to?: Date }, ctx: z.RefinementCtx) {
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: "custom", path: ["from"], message: "`from` must not be after `to`." });
}

/** `?from=&to=&currency=` of the revenue view; both bounds optional (all time). */
export const revenueQuery = z.object({ ...rangeFields, currency: currencyFilter }).superRefine(fromBeforeTo);
export type RevenueQuery = z.output<typeof revenueQuery>;
export type RevenueQueryInput = z.input<typeof revenueQuery>;

export const TIMESERIES_INTERVALS = ["day", "week", "month"] as const;
export type TimeseriesInterval = (typeof TIMESERIES_INTERVALS)[number];
/** Most points one timeseries answer holds; a longer range answers 400 `too_many_points`. */
export const MAX_TIMESERIES_POINTS = 1000;

export const revenueTimeseriesQuery = z
  .object({
    ...rangeFields,
    interval: z
      .enum(TIMESERIES_INTERVALS)
      .default("day")
      .meta({ description: "Length of each period, in UTC: `day`, `week` (starting Monday) or `month`. Default `day`." }),
    currency: currencyFilter,
  })
  .superRefine(fromBeforeTo);
/** Without `from`, a timeseries holds this many periods, the last one holding the end of the range. */
export const DEFAULT_TIMESERIES_PERIODS: Record<TimeseriesInterval, number> = { day: 30, week: 12, month: 12 };
export type RevenueTimeseriesQuery = z.output<typeof revenueTimeseriesQuery>;
export type RevenueTimeseriesQueryInput = z.input<typeof revenueTimeseriesQuery>;

/** `?from=&to=&currency=` of the metrics view; without bounds: the 30 days before now. */
export const metricsQuery = z.object({ ...rangeFields, currency: currencyFilter }).superRefine(fromBeforeTo);
export type MetricsQuery = z.output<typeof metricsQuery>;
export type MetricsQueryInput = z.input<typeof metricsQuery>;

/** `?from=&to=` of the operator's revenue view; both bounds optional (all time). */
export const operatorRevenueQuery = z.object({ ...rangeFields }).superRefine(fromBeforeTo);
export type OperatorRevenueQuery = z.output<typeof operatorRevenueQuery>;
export type OperatorRevenueQueryInput = z.input<typeof operatorRevenueQuery>;

// ---------------------------------------------------------------- revenue

/**
 * The figures every revenue view shares, in one currency, summed from the ledger rows of kind
 * charge, tip, refund, dispute and dispute_won (payouts and other rows are not revenue).
 */
const figures = {
  gross: money.meta({
    description: "What buyers paid: the charge amounts (after any promotion-code discount) plus tips, before refunds, disputes and commission.",
  }),
  fees: money.meta({
    description: "Commission taken (`fee_amount`) on charges and tips, net of what refunds and disputes reversed (a won dispute restores it).",
  }),
  refunds: money.meta({ description: "Refunded amounts, negative (zero or less)." }),
  disputes: money.meta({ description: "Disputed amounts (negative) plus amounts won back (positive)." }),
  net: money.meta({ description: "What reached the platform: the `net_amount` of charges, tips, refunds, disputes and won disputes." }),
};

/** Beside the figures in the revenue view: what promotion codes took off, and the tips' part of gross. */
const promotionFigures = {
  discounts: money.meta({
    description: "What promotion codes took off the list prices of the charges (zero or more); list prices sum to `gross` − `tips` + `discounts`.",
  }),
  tips: money.meta({ description: "Tips buyers gave (part of `gross`; their commission is in `fees`)." }),
};

export const revenueByCurrencySchema = z
  .object({
    currency: currencyCode,
    sales_volume: money.meta({ description: "What reached the platform: net of commission, refunds and disputes (same as `net`)." }),
    sales_count: z.number().int().meta({ description: "Number of charges (sales and subscription payments); tips are not sales." }),
    gross_volume: money.meta({ description: "Same as `gross`." }),
    commission: money.meta({ description: "Same as `fees`." }),
    ...figures,
    ...promotionFigures,
  })
  .meta({ id: "RevenueByCurrency" });
export type RevenueByCurrency = z.infer<typeof revenueByCurrencySchema>;

export const revenueSchema = z
  .object({
    sales_volume: money.meta({ description: "Same as `net`, in `currency`." }),
    sales_count: z.number().int(),
    currency: currencyCode.meta({
      description: "The requested currency, else the currency of most sales; the top-level figures are in it.",
    }),
    ...figures,
    ...promotionFigures,
    from: z.iso.datetime().nullable().meta({ description: "Inclusive start of the range counted; null: from the first entry." }),
    to: z.iso.datetime().nullable().meta({ description: "Exclusive end of the range counted; null: up to now." }),
    by_currency: z.array(revenueByCurrencySchema).meta({ description: "One row per currency with money in the range, most sales first." }),
  })
  .meta({ id: "Revenue", description: "A platform's revenue from its ledger." });
export type Revenue = z.infer<typeof revenueSchema>;

export const revenuePointSchema = z
  .object({
    period_start: z.iso.datetime().meta({ description: "Start of the UTC period (midnight; Monday for weeks; the 1st for months)." }),
    ...figures,
    sales_count: z.number().int(),
  })
  .meta({ id: "RevenuePoint", description: "Revenue of one period; only money inside the requested range is counted." });
export type RevenuePoint = z.infer<typeof revenuePointSchema>;

export const revenueTimeseriesSchema = z
  .object({
    currency: currencyCode,
    interval: z.enum(TIMESERIES_INTERVALS),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    points: z
      .array(revenuePointSchema)
      .meta({ description: "Every period that overlaps the range, oldest first, zeros included." }),
  })
  .meta({ id: "RevenueTimeseries", description: "A platform's revenue per period, in one currency." });
export type RevenueTimeseries = z.infer<typeof revenueTimeseriesSchema>;

// ---------------------------------------------------------------- subscription metrics

const ratio = z
  .string()
  .regex(/^\d+\.\d{4}$/)
  .nullable()
  .meta({ description: "A fraction with 4 decimals (\"0.2500\" = 25 %); null when nobody was active at the start of the range." });

export const metricsItemSchema = z
  .object({
    item_type: z.string(),
    item_id: z.string(),
    item_name: z.string().meta({ description: "The paywall's item name; the item id when it has no paywall." }),
    mrr: money,
    active_subscribers: z.number().int(),
    revenue: money.meta({ description: "Net revenue of the item in the range (as `net`, tips to it included)." }),
  })
  .meta({ id: "MetricsItem" });
export type MetricsItem = z.infer<typeof metricsItemSchema>;

export const metricsSchema = z
  .object({
    currency: currencyCode.meta({ description: "The requested currency, else the currency of most sales; every figure is in it." }),
    from: z.iso.datetime(),
    to: z.iso.datetime(),
    mrr: money.meta({
      description:
        "Monthly recurring revenue now: the amount of every `active` monthly subscription plus a twelfth of every yearly one (one-time purchases, trials, free and grandfathered access excluded).",
    }),
    active_subscribers: z.number().int().meta({ description: "Recurring subscriptions that are `active` now (paying)." }),
    trialing_subscribers: z.number().int().meta({ description: "Recurring subscriptions in their trial now." }),
    past_due_subscribers: z.number().int().meta({ description: "Recurring subscriptions whose payment is late now." }),
    new_subscribers: z.number().int().meta({ description: "Recurring subscriptions created in the range." }),
    churned_subscribers: z.number().int().meta({ description: "Recurring subscriptions canceled in the range (`canceled_at`)." }),
    churn_rate: ratio.meta({
      description:
        "churned ÷ subscriptions active at the start of the range (created before `from`, not canceled before it, paid or trialing), 4 decimals; null when that is zero.",
    }),
    arpu: money.nullable().meta({
      description: "Average revenue per user: net revenue in the range ÷ active subscribers, rounded to the minor unit; null when nobody is active.",
    }),
    revenue: money.meta({ description: "Net revenue in the range (as `net` of the revenue view), the numerator of `arpu`." }),
    by_item: z.array(metricsItemSchema).meta({ description: "Items with subscribers now or revenue in the range, highest MRR then revenue first." }),
  })
  .meta({ id: "Metrics", description: "Subscription metrics of a platform, in one currency." });
export type Metrics = z.infer<typeof metricsSchema>;

// ---------------------------------------------------------------- operator

export const operatorRevenueRowSchema = z
  .object({
    platform_key: z.string(),
    platform_name: z.string(),
    currency: currencyCode,
    gross: figures.gross,
    commission: money.meta({ description: "Commission earned by the operator: `fee_amount` net of reversals." }),
    refunds: figures.refunds,
    disputes: figures.disputes,
    net: figures.net,
    sales_count: z.number().int(),
  })
  .meta({ id: "OperatorRevenueRow", description: "One platform's revenue in one currency." });
export type OperatorRevenueRow = z.infer<typeof operatorRevenueRowSchema>;

export const operatorRevenueTotalSchema = operatorRevenueRowSchema
  .omit({ platform_key: true, platform_name: true })
  .extend({ platform_count: z.number().int().meta({ description: "Platforms with money in that currency in the range." }) })
  .meta({ id: "OperatorRevenueTotal", description: "Every platform's revenue in one currency." });
export type OperatorRevenueTotal = z.infer<typeof operatorRevenueTotalSchema>;

export const operatorRevenueSchema = z
  .object({
    from: z.iso.datetime().nullable(),
    to: z.iso.datetime().nullable(),
    platforms: z.array(operatorRevenueRowSchema).meta({ description: "By platform key, then most sales first." }),
    totals: z.array(operatorRevenueTotalSchema).meta({ description: "One per currency, most sales first." }),
  })
  .meta({ id: "OperatorRevenue", description: "Revenue and commission of every platform, from the ledger." });
export type OperatorRevenue = z.infer<typeof operatorRevenueSchema>;
