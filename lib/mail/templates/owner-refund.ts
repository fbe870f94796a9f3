import { formatMoney } from "@/lib/format/format";
import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import { day, itemName, itemRows, ownerFooter, type EmailLinks } from "./details";
import { renderEmail, type RenderedEmail } from "./layout";

/** To the platform's owners after refund.created (unless turned off). */
export function ownerRefundEmail(payload: SaleEventPayload, links: EmailLinks): RenderedEmail {
  const name = itemName(payload.data);
  const refund = payload.data.refund;
  const amount = refund ? formatMoney(refund.amount, refund.currency) : null;
  return renderEmail({
    subject: `Refund: ${amount ? `${amount} for ` : ""}${name}`,
    preheader: `${payload.data.buyer.email} was refunded.`,
    heading: "A payment was refunded",
    intro: [`${amount ?? "A payment"} for ${name} was refunded to ${payload.data.buyer.email}. Your revenue and the ledger show it.`],
    details: [
      ...itemRows(payload),
      ["Buyer", payload.data.buyer.email],
      ...(amount ? ([["Refunded", amount]] as const) : []),
      ...(refund?.reason ? ([["Reason", refund.reason.replace(/_/g, " ")]] as const) : []),
      ["Date", day(payload.created_at) ?? ""],
    ],
    action: { label: "Open Revenue", url: links.revenue },
    footer: ownerFooter(payload, links),
  });
}
