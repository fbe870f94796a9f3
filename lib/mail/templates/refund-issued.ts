import { formatMoney } from "@/lib/format/format";
import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import { buyerFooter, day, itemName, itemRows, type EmailLinks } from "./details";
import { renderEmail, type RenderedEmail } from "./layout";

/** To the buyer after refund.created: how much comes back, and when to expect it. */
export function refundIssuedEmail(payload: SaleEventPayload, links: EmailLinks): RenderedEmail {
  const name = itemName(payload.data);
  const refund = payload.data.refund;
  const amount = refund ? formatMoney(refund.amount, refund.currency) : null;
  return renderEmail({
    subject: `${amount ? `${amount} refunded` : "Refund issued"} for ${name}`,
    preheader: "Refunds usually reach your account within 5 to 10 business days.",
    heading: "Your refund is on its way",
    intro: [
      `${payload.platform.name} refunded ${amount ?? "your payment"} for ${name}.`,
      "The money goes back to the card or account you paid with; it usually shows within 5 to 10 business days, depending on your bank.",
    ],
    details: [...itemRows(payload), ...(amount ? ([["Refunded", amount]] as const) : []), ["Date", day(payload.created_at) ?? ""]],
    action: { label: "See your purchases", url: links.purchases },
    footer: buyerFooter(payload),
  });
}
