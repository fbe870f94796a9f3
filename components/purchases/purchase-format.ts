import { formatDate, formatPriceWithInterval } from "@/lib/format/format";
import type { Subscription, SubscriptionStatus } from "@/lib/queries/subscriptions";

type BadgeVariant = "default" | "secondary" | "destructive" | "outline" | "success" | "warning" | "info";

export const STATUS_META: Record<SubscriptionStatus, { label: string; variant: BadgeVariant }> = {
  active: { label: "Active", variant: "success" },
  trialing: { label: "Trialing", variant: "info" },
  free: { label: "Free", variant: "secondary" },
  grandfathered: { label: "Grandfathered", variant: "secondary" },
  past_due: { label: "Past due", variant: "destructive" },
  canceled: { label: "Canceled", variant: "outline" },
  incomplete: { label: "Incomplete", variant: "outline" },
};

export const statusMeta = (status: string) => STATUS_META[status as SubscriptionStatus] ?? { label: status, variant: "outline" as const };

export const purchaseName = (s: Subscription) => s.item_name?.trim() || s.item_id;

export const isOneTime = (s: Subscription) => s.is_one_time || s.price?.interval === "one_time";

/** "$19.00/month", "$99.00 one-time"; null when the plan has no amount (free, grandfathered). */
export function priceLabel(s: Subscription): string | null {
  const p = s.price;
  if (!p || p.amount === null || !p.currency) return null;
  return formatPriceWithInterval({ amount: p.amount, currency: p.currency, interval: isOneTime(s) ? "one_time" : p.interval });
}

export const planName = (s: Subscription) => s.price?.name ?? (s.is_grandfathered ? "Legacy access" : statusMeta(s.status).label);

/** The one date that matters most for this purchase, worded for its kind. */
export function termLine(s: Subscription): { label: string; date: string } | null {
  const at = (label: string, iso: string | null) => {
    const date = formatDate(iso);
    return date ? { label, date } : null;
  };
  if (s.status === "canceled") return at("Ended", s.canceled_at ?? s.updated_at);
  if (isOneTime(s)) return at("Purchased", s.current_period_start ?? s.created_at);
  if (s.status === "trialing" && s.trial_end && !s.cancel_at_period_end) return at("Trial ends", s.trial_end);
  if (s.cancel_at_period_end) return at("Ends", s.current_period_end);
  return at("Renews", s.current_period_end);
}

/** Recurring Stripe plans are changed in Stripe's billing portal; the rest end at once. */
export const isRecurring = (s: Subscription) =>
  !isOneTime(s) && !s.is_grandfathered && s.status !== "free" && s.status !== "grandfathered";

export const canCancel = (s: Subscription) => s.status !== "canceled";

/** A recurring plan set to end at period end, not ended yet: it can still be resumed. */
export const canResume = (s: Subscription) => isRecurring(s) && s.cancel_at_period_end && s.status !== "canceled";

/** How canceling this purchase is worded: a paid one-time purchase is a purchase, not a subscription. */
export const cancelNoun = (s: Subscription) => (isRecurring(s) ? "subscription" : isOneTime(s) ? "purchase" : "access");

/** The item's page on its platform. */
export const itemPagePath = (platformKey: string, s: Pick<Subscription, "item_type" | "item_id">) =>
  `/p/${encodeURIComponent(platformKey)}/items/${encodeURIComponent(s.item_type)}/${encodeURIComponent(s.item_id)}`;
