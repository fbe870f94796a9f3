import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import { buyerFooter, day, itemName, itemRows, priceLine, type EmailLinks } from "./details";
import { renderEmail, type RenderedEmail } from "./layout";

/** To the buyer after subscription.trial_will_end (3 days before): when the first charge comes, and how much. */
export function trialEndingEmail(payload: SaleEventPayload, links: EmailLinks): RenderedEmail {
  const name = itemName(payload.data);
  const ends = day(payload.data.purchase.trial_end ?? payload.data.purchase.current_period_end);
  const price = priceLine(payload.data);
  return renderEmail({
    subject: `Your trial of ${name} ends${ends ? ` on ${ends}` : " soon"}`,
    preheader: price ? `Then ${price}, unless you cancel.` : "Unless you cancel, your subscription continues.",
    heading: "Your trial ends soon",
    intro: [
      `Your free trial of ${name} on ${payload.platform.name} ends${ends ? ` on ${ends}` : " in 3 days"}.`,
      `${price ? `Then you will be charged ${price}` : "Then your subscription continues"} unless you cancel before the trial ends.`,
    ],
    details: [...itemRows(payload), ...(ends ? ([["Trial ends", ends]] as const) : []), ...(price ? ([["Then", price]] as const) : [])],
    action: { label: "Keep or cancel your subscription", url: links.purchases },
    footer: buyerFooter(payload),
  });
}
