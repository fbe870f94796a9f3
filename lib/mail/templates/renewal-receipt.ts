import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import { buyerFooter, itemName, itemRows, paymentRows, renewalLine, type EmailLinks } from "./details";
import { renderEmail, safeUrl, type RenderedEmail } from "./layout";

/** To the buyer after subscription.renewed: the renewal's payment. */
export function renewalReceiptEmail(payload: SaleEventPayload, links: EmailLinks): RenderedEmail {
  const name = itemName(payload.data);
  const invoice = safeUrl(payload.data.payment?.hosted_invoice_url);
  return renderEmail({
    subject: `Your subscription to ${name} was renewed`,
    preheader: `Your receipt from ${payload.platform.name}.`,
    heading: "Your subscription was renewed",
    intro: [`Your subscription to ${name} on ${payload.platform.name} was renewed and paid. Your access continues.`],
    details: [...itemRows(payload), ...paymentRows(payload), ["Next renewal", renewalLine(payload.data)]],
    action: { label: "Manage your subscription", url: links.purchases },
    outro: invoice ? [`Invoice: ${invoice}`] : [],
    footer: buyerFooter(payload),
  });
}
