import type { SaleEventPayload } from "@/lib/sale-events/sale-event-schema";
import type { EmailLinks } from "./details";
import type { RenderedEmail } from "./layout";
import { cancellationConfirmedEmail } from "./cancellation-confirmed";
import { ownerDisputeEmail } from "./owner-dispute";
import { ownerNewSaleEmail } from "./owner-new-sale";
import { ownerRefundEmail } from "./owner-refund";
import { paymentFailedEmail } from "./payment-failed";
import { purchaseReceiptEmail } from "./purchase-receipt";
import { refundIssuedEmail } from "./refund-issued";
import { renewalReceiptEmail } from "./renewal-receipt";
import { trialEndingEmail } from "./trial-ending";

export type EmailTemplate = (payload: SaleEventPayload, links: EmailLinks) => RenderedEmail;

/** Every e-mail written from a sale event, by the `kind` stored on its EmailMessage row. */
export const EMAIL_TEMPLATES = {
  purchase_receipt: purchaseReceiptEmail,
  renewal_receipt: renewalReceiptEmail,
  payment_failed: paymentFailedEmail,
  trial_ending: trialEndingEmail,
  cancellation_confirmed: cancellationConfirmedEmail,
  refund_issued: refundIssuedEmail,
  owner_new_sale: ownerNewSaleEmail,
  owner_refund: ownerRefundEmail,
  owner_dispute: ownerDisputeEmail,
} satisfies Record<string, EmailTemplate>;

export type EmailKind = keyof typeof EMAIL_TEMPLATES;

export { emailLinks, type EmailLinks } from "./details";
export type { RenderedEmail } from "./layout";
