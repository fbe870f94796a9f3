import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import { buyerFooter, itemName, itemRows, paymentRows, renewalLine, type EmailLinks } from "./details";
import { renderEmail, safeUrl, type RenderedEmail } from "./layout";

/** To the buyer after purchase.completed: what they bought, what they paid, what happens next. */
export function purchaseReceiptEmail(payload: SaleEventPayload, links: EmailLinks): RenderedEmail {
  const name = itemName(payload.data);
  const invoice = safeUrl(payload.data.payment?.hosted_invoice_url);
  return renderEmail({
    subject: `Your receipt for ${name}`,
    preheader: `Thank you for your purchase from ${payload.platform.name}.`,
    heading: "Thank you for your purchase",
    intro: [`You now have access to ${name} on ${payload.platform.name}.`],
    details: [...itemRows(payload), ...paymentRows(payload), ["Next renewal", renewalLine(payload.data)]],
    action: { label: "Manage your purchase", url: links.purchases },
    outro: [
      ...(invoice ? [`Invoice: ${invoice}`] : []),
      "Sign in with this e-mail address to open the item, see your purchases or cancel.",
    ],
    footer: buyerFooter(payload),
  });
}
