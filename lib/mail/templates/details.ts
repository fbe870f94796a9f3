import { formatDate, formatMoney } from "@/lib/format/format";
import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import type { DetailRow } from "./layout";

// What the e-mails say about an item, a purchase and its money, read from a sale event's payload.

/** Where the links in e-mails lead (absolute: mail is read outside the app). */
export type EmailLinks = {
  /** Profile → Purchases: open, cancel, resume; recurring plans open Stripe's billing portal from there. */
  purchases: string;
  /** Account → Monetization → Revenue, for owners. */
  revenue: string;
  /** Account → Monetization, where owners turn these e-mails off. */
  notificationSettings: string;
};

export function emailLinks(appUrl: string): EmailLinks {
  const base = appUrl.replace(/\/$/, "");
  return {
    purchases: `${base}/profile?tab=purchases`,
    revenue: `${base}/account?profileTab=monetization&view=revenue`,
    notificationSettings: `${base}/account?profileTab=monetization&view=webhooks`,
  };
}

export type Data = SaleEventPayload["data"];

/** Dates in e-mails are UTC: the reader's time zone is unknown, and the text must not depend on the server's. */
export const day = (iso: string | null | undefined): string | null => formatDate(iso, { timeZone: "UTC" });

export function itemName(data: Data): string {
  return data.item.name?.trim() || `${data.item.type} ${data.item.id}`;
}

/** "$24.00/month", "$250.00 one-time"; null when the purchase has no price (free or unknown). */
export function priceLine(data: Data): string | null {
  const { amount, currency, interval } = data.purchase;
  if (amount == null || !currency) return null;
  const money = formatMoney(amount, currency);
  if (interval === "month") return `${money}/month`;
  if (interval === "year") return `${money}/year`;
  return `${money} one-time`;
}

export const isOneTime = (data: Data) => data.purchase.interval === "one_time" || data.purchase.interval == null;

/** What was paid: the payment when there is one, else the purchase's price (e.g. a trial's first charge to come). */
export function paidAmount(data: Data): string | null {
  if (data.payment) return formatMoney(data.payment.amount, data.payment.currency);
  const { amount, currency } = data.purchase;
  return amount != null && currency ? formatMoney(amount, currency) : null;
}

/** "Renews on Feb 1, 2027", "Trial ends on …", or "One-time purchase — no renewal". */
export function renewalLine(data: Data): string {
  if (isOneTime(data)) return "One-time purchase, no renewal";
  const { current_period_end, cancel_at_period_end, trial_end, status } = data.purchase;
  if (cancel_at_period_end) return current_period_end ? `Ends on ${day(current_period_end)}, no renewal` : "No renewal";
  if (status === "trialing" && trial_end) return `First charge on ${day(trial_end)}, when the trial ends`;
  return current_period_end ? `Renews on ${day(current_period_end)}` : "Renews automatically";
}

/** The rows buyers and owners both see: item, tier, platform. */
export function itemRows(payload: SaleEventPayload): DetailRow[] {
  const rows: DetailRow[] = [["Item", itemName(payload.data)]];
  if (payload.data.purchase.tier) rows.push(["Tier", payload.data.purchase.tier]);
  rows.push(["Sold by", payload.platform.name]);
  return rows;
}

/** Amount, date and receipt number of the payment. */
export function paymentRows(payload: SaleEventPayload): DetailRow[] {
  const rows: DetailRow[] = [];
  const amount = paidAmount(payload.data);
  if (amount) rows.push(["Amount", amount]);
  rows.push(["Date", day(payload.data.payment?.paid_at ?? payload.created_at) ?? ""]);
  const receipt = payload.data.payment?.receipt_number ?? payload.data.payment?.invoice_id;
  if (receipt) rows.push(["Receipt number", receipt]);
  return rows;
}

/** Small print on every buyer e-mail. */
export function buyerFooter(payload: SaleEventPayload): string[] {
  return [
    `You get this e-mail because you bought from ${payload.platform.name} on Tollgate with ${payload.data.buyer.email}.`,
    "Payments are processed by Stripe.",
  ];
}

/** Small print on every owner e-mail: why, and where to turn it off. */
export function ownerFooter(payload: SaleEventPayload, links: EmailLinks): string[] {
  return [
    `You get this e-mail because you own ${payload.platform.name} (${payload.platform.key}) on Tollgate.`,
    `Turn these e-mails off in Account → Monetization → E-mail notifications: ${links.notificationSettings}`,
  ];
}
