import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import { buyerFooter, day, isOneTime, itemName, itemRows, type EmailLinks } from "./details";
import { renderEmail, type RenderedEmail } from "./layout";

/**
 * To the buyer when a cancellation took effect: scheduled for the end of the period (access
 * continues until then) or ended now (access ended).
 */
export function cancellationConfirmedEmail(payload: SaleEventPayload, links: EmailLinks): RenderedEmail {
  const name = itemName(payload.data);
  const { cancel_at_period_end, current_period_end, status } = payload.data.purchase;
  const endsOn = day(current_period_end);
  // the event that turned cancel-at-period-end on says so even if the snapshot moved on since
  const scheduled =
    payload.type !== "subscription.canceled" && status !== "canceled" && (cancel_at_period_end || payload.data.change?.cancel_at_period_end?.to === true);
  const [noun, of] = isOneTime(payload.data) ? ["purchase", "of"] : ["subscription", "to"];
  if (scheduled) {
    const until = endsOn ? `until ${endsOn}` : "until the end of the current period";
    return renderEmail({
      subject: `Your subscription to ${name} ends ${endsOn ? `on ${endsOn}` : "at the end of the period"}`,
      preheader: `You keep access ${until}.`,
      heading: "Your cancellation is confirmed",
      intro: [
        `Your subscription to ${name} on ${payload.platform.name} will not renew. You keep access ${until}, and you will not be charged again.`,
        "Changed your mind? You can resume the subscription before it ends.",
      ],
      details: [...itemRows(payload), ...(endsOn ? ([["Access until", endsOn]] as const) : [])],
      action: { label: "Resume or review your subscription", url: links.purchases },
      footer: buyerFooter(payload),
    });
  }
  return renderEmail({
    subject: `Your ${noun} ${of} ${name} has ended`,
    preheader: "Your access has ended.",
    heading: `Your ${noun} has ended`,
    intro: [
      `Your ${noun} ${of} ${name} on ${payload.platform.name} has ended, and with it your access. You will not be charged again.`,
      "You can buy it again at any time.",
    ],
    details: [...itemRows(payload), ["Ended", day(payload.created_at) ?? ""]],
    action: { label: "See your purchases", url: links.purchases },
    footer: buyerFooter(payload),
  });
}
