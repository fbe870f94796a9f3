// The receipt number a buyer quotes: Stripe's invoice number for subscription payments, the
// charge's receipt number when Stripe sent one, else one derived from the charge (stable, so the
// thank-you page, the e-mail and support all show the same).
export function receiptNumber(opts: { invoiceNumber?: string | null; chargeReceiptNumber?: string | null; chargeId?: string | null; paymentIntentId?: string | null }): string | null {
  if (opts.invoiceNumber) return opts.invoiceNumber;
  if (opts.chargeReceiptNumber) return opts.chargeReceiptNumber;
  const id = opts.chargeId ?? opts.paymentIntentId;
  return id ? `TG-${id.replace(/^[a-z]+_/, "").slice(-10).toUpperCase()}` : null;
}
