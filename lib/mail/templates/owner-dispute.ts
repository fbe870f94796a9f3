import { formatMoney } from "@/lib/format/format";
import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import { day, itemName, itemRows, ownerFooter, type EmailLinks } from "./details";
import { renderEmail, type RenderedEmail } from "./layout";

/** To the platform's owners after dispute.created (unless turned off): money is held until the dispute is decided. */
export function ownerDisputeEmail(payload: SaleEventPayload, links: EmailLinks): RenderedEmail {
  const name = itemName(payload.data);
  const dispute = payload.data.dispute;
  const amount = dispute ? formatMoney(dispute.amount, dispute.currency) : null;
  return renderEmail({
    subject: `Dispute opened: ${amount ? `${amount} for ` : ""}${name}`,
    preheader: "Respond with evidence before Stripe's deadline.",
    heading: "A buyer disputed a payment",
    intro: [
      `${payload.data.buyer.email} disputed ${amount ? `a payment of ${amount}` : "a payment"} for ${name} with their bank.`,
      "The amount and a dispute fee are held until the bank decides. Respond with evidence (receipt, access logs, your terms) in your Stripe Dashboard before the deadline Stripe shows there.",
    ],
    details: [
      ...itemRows(payload),
      ["Buyer", payload.data.buyer.email],
      ...(amount ? ([["Disputed", amount]] as const) : []),
      ...(dispute?.reason ? ([["Reason", dispute.reason.replace(/_/g, " ")]] as const) : []),
      ...(dispute?.status ? ([["Status", dispute.status.replace(/_/g, " ")]] as const) : []),
      ["Opened", day(payload.created_at) ?? ""],
    ],
    action: { label: "Open Revenue", url: links.revenue },
    footer: ownerFooter(payload, links),
  });
}
