import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import { buyerFooter, itemName, itemRows, paidAmount, type EmailLinks } from "./details";
import { renderEmail, safeUrl, type RenderedEmail } from "./layout";

/** To the buyer after payment.failed: what failed and where to fix the card (Purchases opens Stripe's billing portal). */
export function paymentFailedEmail(payload: SaleEventPayload, links: EmailLinks): RenderedEmail {
  const name = itemName(payload.data);
  const amount = paidAmount(payload.data);
  const invoice = safeUrl(payload.data.payment?.hosted_invoice_url);
  return renderEmail({
    subject: `Payment failed for ${name}`,
    preheader: "Update your payment method to keep your access.",
    heading: "We could not take your payment",
    intro: [
      `The payment${amount ? ` of ${amount}` : ""} for your subscription to ${name} on ${payload.platform.name} did not go through.`,
      "Stripe will try again over the next days. To keep your access, update your payment method: open your purchases, choose the subscription and follow the link to Stripe's billing portal.",
    ],
    details: [...itemRows(payload), ...(amount ? ([["Amount due", amount]] as const) : []), ["Status", payload.data.purchase.status.replace(/_/g, " ")]],
    action: { label: "Update your payment method", url: links.purchases },
    outro: invoice ? [`You can also pay the open invoice directly: ${invoice}`] : [],
    footer: buyerFooter(payload),
  });
}
