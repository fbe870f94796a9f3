import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import { itemName, itemRows, ownerFooter, paymentRows, priceLine, type EmailLinks } from "./details";
import { renderEmail, type RenderedEmail } from "./layout";

/** To the platform's owners after purchase.completed (unless turned off). */
export function ownerNewSaleEmail(payload: SaleEventPayload, links: EmailLinks): RenderedEmail {
  const name = itemName(payload.data);
  const price = priceLine(payload.data);
  return renderEmail({
    subject: `New sale: ${name}`,
    preheader: `${payload.data.buyer.email} bought ${name}.`,
    heading: "You made a sale",
    intro: [`${payload.data.buyer.email} bought ${name} on ${payload.platform.name}.`],
    details: [...itemRows(payload), ...(price ? ([["Price", price]] as const) : []), ["Buyer", payload.data.buyer.email], ...paymentRows(payload)],
    action: { label: "Open Revenue", url: links.revenue },
    footer: ownerFooter(payload, links),
  });
}
