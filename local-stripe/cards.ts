/**
 * Stripe's documented test cards (https://docs.stripe.com/testing), their test tokens (`tok_…`)
 * and test PaymentMethods (`pm_card_…`), and what each one does. One table drives every place a
 * card is used: PaymentMethod create/attach, PaymentIntent confirm, Charges `source`, customer
 * sources, subscriptions, invoices and the hosted Checkout page.
 */
export type CardOutcome =
  // payments succeed
  | "success"
  | "bypass_pending"
  | "risk_elevated"
  | "cvc_check_fail"
  | "address_zip_check_fail"
  | "address_line1_check_fail"
  | "address_checks_fail"
  | "address_checks_unavailable"
  // payments are declined; the card cannot be attached to a customer
  | "generic_decline"
  | "insufficient_funds"
  | "lost_card"
  | "stolen_card"
  | "expired_card"
  | "incorrect_cvc"
  | "processing_error"
  | "card_velocity_exceeded"
  // attaching succeeds, charging fails
  | "charge_customer_fail"
  // Radar blocks the payment
  | "radar_block"
  | "risk_highest"
  // the payment succeeds, then something happens to it
  | "dispute_fraudulent"
  | "dispute_product_not_received"
  | "dispute_inquiry"
  | "early_fraud_warning"
  | "refund_pending"
  | "refund_fail"
  // 3D Secure / SCA (no challenge UI: see threeDSecure below)
  | "auth_unless_set_up"
  | "auth_always"
  | "auth_set_up"
  | "auth_insufficient_funds"
  | "three_ds_required"
  | "three_ds_required_declined"
  | "three_ds_required_error"
  | "three_ds_supported"
  | "three_ds_supported_error"
  | "three_ds_not_supported";

export type Funding = "credit" | "debit" | "prepaid";

export interface TestCard {
  number: string;
  brand: string;
  funding: Funding;
  country: string;
  outcome: CardOutcome;
  /** Networks the card can run on (co-branded cards have two). */
  networks: string[];
}

export interface CardRow extends TestCard {
  description: string;
  /** Test PaymentMethod ids (`pm_card_…`) that stand for this card. */
  pm: string[];
  /** Test token ids (`tok_…`) that stand for this card. */
  tok: string[];
}

type RowInput = [number: string, brand: string, funding: Funding, country: string, outcome: CardOutcome, description: string, pm?: string[], tok?: string[], networks?: string[]];

/** Country cards: `pm_card_xx` / `tok_xx` for a Visa issued in that country. */
function country(number: string, cc: string, name: string, brand = "visa", funding: Funding = "credit", suffix = ""): RowInput {
  const id = `${cc.toLowerCase()}${suffix}`;
  return [number, brand, funding, cc, "success", `${name} (${cc})${suffix ? ` ${suffix.slice(1)}` : ""}`, [`pm_card_${id}`], [`tok_${id}`]];
}

const ROWS: RowInput[] = [
  // cards by brand
  ["4242424242424242", "visa", "credit", "US", "success", "Visa (3D Secure supported, not enrolled)", ["pm_card_visa", "pm_card_us"], ["tok_visa", "tok_us"]],
  ["4000056655665556", "visa", "debit", "US", "success", "Visa (debit)", ["pm_card_visa_debit"], ["tok_visa_debit"]],
  ["5555555555554444", "mastercard", "credit", "US", "success", "Mastercard", ["pm_card_mastercard"], ["tok_mastercard"]],
  ["2223003122003222", "mastercard", "credit", "US", "success", "Mastercard (2-series)"],
  ["5200828282828210", "mastercard", "debit", "US", "success", "Mastercard (debit)", ["pm_card_mastercard_debit"], ["tok_mastercard_debit"]],
  ["5105105105105100", "mastercard", "prepaid", "US", "success", "Mastercard (prepaid)", ["pm_card_mastercard_prepaid"], ["tok_mastercard_prepaid"]],
  ["378282246310005", "amex", "credit", "US", "three_ds_not_supported", "American Express (3D Secure not supported)", ["pm_card_amex", "pm_card_amex_threeDSecureNotSupported"], ["tok_amex", "tok_amex_threeDSecureNotSupported"]],
  ["371449635398431", "amex", "credit", "US", "success", "American Express"],
  ["6011111111111117", "discover", "credit", "US", "success", "Discover", ["pm_card_discover"], ["tok_discover"]],
  ["6011000990139424", "discover", "credit", "US", "success", "Discover"],
  ["6011981111111113", "discover", "debit", "US", "success", "Discover (debit)"],
  ["3056930009020004", "diners", "credit", "US", "success", "Diners Club", ["pm_card_diners"], ["tok_diners"]],
  ["36227206271667", "diners", "credit", "US", "success", "Diners Club (14-digit)"],
  ["6555900000604105", "discover", "credit", "US", "success", "BCcard and DinaCard"],
  ["3566002020360505", "jcb", "credit", "JP", "success", "JCB", ["pm_card_jcb"], ["tok_jcb"]],
  ["6200000000000005", "unionpay", "credit", "CN", "success", "UnionPay", ["pm_card_unionpay"], ["tok_unionpay"]],
  ["6200000000000047", "unionpay", "debit", "CN", "success", "UnionPay (debit)"],
  ["6205500000000000004", "unionpay", "credit", "CN", "success", "UnionPay (19-digit)"],
  ["4000002500001001", "visa", "credit", "FR", "success", "Cartes Bancaires / Visa", ["pm_card_visa_cartesBancaires"], ["tok_visa_cartesBancaires"], ["cartes_bancaires", "visa"]],
  ["5555552500001001", "mastercard", "credit", "FR", "success", "Cartes Bancaires / Mastercard", ["pm_card_mastercard_cartesBancaires"], ["tok_mastercard_cartesBancaires"], ["cartes_bancaires", "mastercard"]],
  ["4000050360000001", "visa", "debit", "AU", "success", "eftpos Australia / Visa", [], [], ["eftpos_au", "visa"]],
  ["5555050360000080", "mastercard", "debit", "AU", "success", "eftpos Australia / Mastercard", [], [], ["eftpos_au", "mastercard"]],

  // cards by country
  country("4000000320000021", "AR", "Argentina"),
  country("4000000760000002", "BR", "Brazil"),
  country("4000001240000000", "CA", "Canada"),
  country("4000001520000001", "CL", "Chile"),
  country("4000001700000003", "CO", "Colombia"),
  country("4000001880000005", "CR", "Costa Rica"),
  country("4000002180000000", "EC", "Ecuador"),
  country("4000004840008001", "MX", "Mexico"),
  country("4000005910000000", "PA", "Panama"),
  country("4000006000000066", "PY", "Paraguay"),
  country("4000006040000068", "PE", "Peru"),
  country("4000008580000003", "UY", "Uruguay"),
  country("4000007840000001", "AE", "United Arab Emirates"),
  country("5200007840000022", "AE", "United Arab Emirates", "mastercard", "credit", "_mastercard"),
  country("4000000400000008", "AT", "Austria"),
  country("4000000560000004", "BE", "Belgium"),
  country("4000001000000000", "BG", "Bulgaria"),
  country("4000001120000005", "BY", "Belarus"),
  country("4000001910000009", "HR", "Croatia"),
  country("4000001960000008", "CY", "Cyprus"),
  country("4000002030000002", "CZ", "Czech Republic"),
  country("4000002080000001", "DK", "Denmark"),
  country("4000002330000009", "EE", "Estonia"),
  country("4000002460000001", "FI", "Finland"),
  country("4000002500000003", "FR", "France"),
  country("4000002760000016", "DE", "Germany"),
  country("4000002920000005", "GI", "Gibraltar"),
  country("4000003000000030", "GR", "Greece"),
  country("4000003480000005", "HU", "Hungary"),
  country("4000003720000005", "IE", "Ireland"),
  country("4000003800000008", "IT", "Italy"),
  country("4000004280000005", "LV", "Latvia"),
  country("4000004380000004", "LI", "Liechtenstein"),
  country("4000004400000000", "LT", "Lithuania"),
  country("4000004420000006", "LU", "Luxembourg"),
  country("4000004700000007", "MT", "Malta"),
  country("4000005280000002", "NL", "Netherlands"),
  country("4000005780000007", "NO", "Norway"),
  country("4000006160000005", "PL", "Poland"),
  country("4000006200000007", "PT", "Portugal"),
  country("4000006420000001", "RO", "Romania"),
  country("4000006820000007", "SA", "Saudi Arabia"),
  country("4000007050000006", "SI", "Slovenia"),
  country("4000007030000001", "SK", "Slovakia"),
  country("4000007240000007", "ES", "Spain"),
  country("4000007520000008", "SE", "Sweden"),
  country("4000007560000009", "CH", "Switzerland"),
  country("4000008260000000", "GB", "United Kingdom"),
  country("4000058260000005", "GB", "United Kingdom", "visa", "debit", "_debit"),
  country("5555558265554449", "GB", "United Kingdom", "mastercard", "credit", "_mastercard"),
  country("4000000360000006", "AU", "Australia"),
  country("4000001560000002", "CN", "China"),
  country("4000003440000004", "HK", "Hong Kong"),
  country("4000003560000008", "IN", "India"),
  country("4000003920000003", "JP", "Japan"),
  ["3530111333300000", "jcb", "credit", "JP", "success", "Japan (JP) JCB"],
  country("4000004580000002", "MY", "Malaysia"),
  country("4000005540000008", "NZ", "New Zealand"),
  country("4000007020000003", "SG", "Singapore"),
  country("4000001580000008", "TW", "Taiwan"),
  country("4000007640000003", "TH", "Thailand", "visa", "credit", "_credit"),
  country("4000057640000008", "TH", "Thailand", "visa", "debit", "_debit"),

  // declined payments (these cannot be attached to a customer)
  ["4000000000000002", "visa", "credit", "US", "generic_decline", "Generic decline: card_declined / generic_decline", ["pm_card_visa_chargeDeclined", "pm_card_chargeDeclined"], ["tok_visa_chargeDeclined", "tok_chargeDeclined"]],
  ["4000000000009995", "visa", "credit", "US", "insufficient_funds", "Insufficient funds: card_declined / insufficient_funds", ["pm_card_visa_chargeDeclinedInsufficientFunds", "pm_card_chargeDeclinedInsufficientFunds"], ["tok_visa_chargeDeclinedInsufficientFunds", "tok_chargeDeclinedInsufficientFunds"]],
  ["4000000000009987", "visa", "credit", "US", "lost_card", "Lost card: card_declined / lost_card", ["pm_card_visa_chargeDeclinedLostCard"], ["tok_visa_chargeDeclinedLostCard"]],
  ["4000000000009979", "visa", "credit", "US", "stolen_card", "Stolen card: card_declined / stolen_card", ["pm_card_visa_chargeDeclinedStolenCard"], ["tok_visa_chargeDeclinedStolenCard"]],
  ["4000000000000069", "visa", "credit", "US", "expired_card", "Expired card: expired_card", ["pm_card_chargeDeclinedExpiredCard"], ["tok_chargeDeclinedExpiredCard"]],
  ["4000000000000127", "visa", "credit", "US", "incorrect_cvc", "Incorrect CVC: incorrect_cvc", ["pm_card_chargeDeclinedIncorrectCvc"], ["tok_chargeDeclinedIncorrectCvc"]],
  ["4000000000000119", "visa", "credit", "US", "processing_error", "Processing error: processing_error", ["pm_card_chargeDeclinedProcessingError"], ["tok_chargeDeclinedProcessingError"]],
  ["4000000000006975", "visa", "credit", "US", "card_velocity_exceeded", "Velocity limit: card_declined / card_velocity_exceeded", ["pm_card_visa_chargeDeclinedVelocityLimitExceeded"], ["tok_visa_chargeDeclinedVelocityLimitExceeded"]],
  ["4000000000000341", "visa", "credit", "US", "charge_customer_fail", "Attaching to a customer succeeds, every charge is declined (card_declined / generic_decline)", ["pm_card_chargeCustomerFail"], ["tok_chargeCustomerFail"]],

  // fraud prevention
  ["4100000000000019", "visa", "credit", "US", "radar_block", "Always blocked by Radar: card_declined / fraudulent, risk level highest", ["pm_card_radarBlock"], ["tok_radarBlock"]],
  ["4000000000004954", "visa", "credit", "US", "risk_highest", "Highest risk, blocked by Radar's default rules: card_declined / fraudulent", ["pm_card_riskLevelHighest"], ["tok_riskLevelHighest"]],
  ["4000000000009235", "visa", "credit", "US", "risk_elevated", "Succeeds with outcome.risk_level elevated", ["pm_card_riskLevelElevated"], ["tok_riskLevelElevated"]],
  ["4000000000000101", "visa", "credit", "US", "cvc_check_fail", "Succeeds with cvc_check fail", ["pm_card_cvcCheckFail"], ["tok_cvcCheckFail"]],
  ["4000000000000036", "visa", "credit", "US", "address_zip_check_fail", "Succeeds with the postal code check failed", ["pm_card_avsZipFail"], ["tok_avsZipFail"]],
  ["4000000000000028", "visa", "credit", "US", "address_line1_check_fail", "Succeeds with the address line 1 check failed", ["pm_card_avsLine1Fail"], ["tok_avsLine1Fail"]],
  ["4000000000000010", "visa", "credit", "US", "address_checks_fail", "Succeeds with both address checks failed", ["pm_card_avsFail"], ["tok_avsFail"]],
  ["4000000000000044", "visa", "credit", "US", "address_checks_unavailable", "Succeeds with both address checks unavailable", ["pm_card_avsUnchecked"], ["tok_avsUnchecked"]],

  // disputes
  ["4000000000000259", "visa", "credit", "US", "dispute_fraudulent", "Succeeds, then charge.dispute.created (fraudulent, needs_response, funds withdrawn)", ["pm_card_createDispute"], ["tok_createDispute"]],
  ["4000000000002685", "visa", "credit", "US", "dispute_product_not_received", "Succeeds, then charge.dispute.created (product_not_received, needs_response, funds withdrawn)", ["pm_card_createDisputeProductNotReceived"], ["tok_createDisputeProductNotReceived"]],
  ["4000000000001976", "visa", "credit", "US", "dispute_inquiry", "Succeeds, then an inquiry: charge.dispute.created with status warning_needs_response, no funds withdrawn", ["pm_card_createDisputeInquiry"], ["tok_createDisputeInquiry"]],
  ["4000000000005423", "visa", "credit", "US", "early_fraud_warning", "Succeeds, then radar.early_fraud_warning.created", ["pm_card_createIssuerFraudRecord"], ["tok_createIssuerFraudRecord"]],

  // refunds
  ["4000000000007726", "visa", "credit", "US", "refund_pending", "Refunds start pending, then succeed (charge.refund.updated)", ["pm_card_pendingRefund"], ["tok_pendingRefund"]],
  ["4000000000005126", "visa", "credit", "US", "refund_fail", "Refunds start succeeded, then fail (charge.refund.updated, refund.failed)", ["pm_card_refundFail"], ["tok_refundFail"]],

  // available balance
  ["4000000000000077", "visa", "credit", "US", "bypass_pending", "Succeeds, funds available immediately (bypassing pending)", ["pm_card_bypassPending"], ["tok_bypassPending"]],
  ["4000003720000278", "visa", "credit", "IE", "bypass_pending", "International charge succeeds, funds available immediately", ["pm_card_bypassPendingInternational"], ["tok_bypassPendingInternational"]],

  // 3D Secure: authentication and setup
  ["4000002500003155", "visa", "credit", "US", "auth_unless_set_up", "Authenticates on-session; off-session declines with authentication_required until set up by an on-session payment", ["pm_card_authenticationRequiredOnSetup"]],
  ["4000002760003184", "visa", "credit", "DE", "auth_always", "Authenticates on-session; every off-session payment declines with authentication_required", ["pm_card_authenticationRequired"]],
  ["4000003800000446", "visa", "credit", "IT", "auth_set_up", "Already set up: authenticates on-session, off-session payments succeed", ["pm_card_authenticationRequiredSetupForOffSession"]],
  ["4000008260003178", "visa", "credit", "GB", "auth_insufficient_funds", "Authenticates, then every payment declines with insufficient_funds", ["pm_card_authenticationRequiredChargeDeclinedInsufficientFunds"]],
  // 3D Secure: support and availability
  ["4000000000003220", "visa", "credit", "US", "three_ds_required", "3DS required: authenticates on-session; off-session declines with authentication_required", ["pm_card_threeDSecure2Required"], ["tok_threeDSecure2Required"]],
  ["4000000000003063", "visa", "credit", "US", "three_ds_required", "3DS required (legacy 3DS1 card): as above", ["pm_card_threeDSecureRequired"], ["tok_threeDSecureRequired"]],
  ["4000000000003238", "visa", "credit", "US", "three_ds_required", "3DS required (one-time passcode challenge): as above"],
  ["4000000000003246", "visa", "credit", "US", "three_ds_required", "3DS required (single-select challenge): as above"],
  ["4000000000003253", "visa", "credit", "US", "three_ds_required", "3DS required (multi-select challenge): as above"],
  ["4000008400001629", "visa", "credit", "US", "three_ds_required_declined", "3DS required, declined after authentication: card_declined; off-session authentication_required", ["pm_card_threeDSecureRequiredChargeDeclined"], ["tok_threeDSecureRequiredChargeDeclined"]],
  ["4000008400001280", "visa", "credit", "US", "three_ds_required_error", "3DS required, the 3DS lookup fails: card_declined", ["pm_card_threeDSecureRequiredProcessingError"], ["tok_threeDSecureRequiredProcessingError"]],
  ["4000000000003055", "visa", "credit", "US", "three_ds_supported", "3DS supported, not required: succeeds", ["pm_card_threeDSecureOptional"], ["tok_threeDSecureOptional"]],
  ["4000000000003097", "visa", "credit", "US", "three_ds_supported_error", "3DS supported, not required, 3DS errors: succeeds without authentication", ["pm_card_threeDSecureOptionalProcessingError"], ["tok_threeDSecureOptionalProcessingError"]],
];

function toRow([number, brand, funding, cc, outcome, description, pm = [], tok = [], networks]: RowInput): CardRow {
  return { number, brand, funding, country: cc, outcome, description, pm, tok, networks: networks ?? [brand] };
}

/** The whole table, in documentation order (README's "Test cards" section lists the same). */
export const TEST_CARDS: readonly CardRow[] = ROWS.map(toRow);

const BY_NUMBER = new Map<string, CardRow>();
const BY_ID = new Map<string, CardRow>();
for (const row of TEST_CARDS) {
  if (!BY_NUMBER.has(row.number)) BY_NUMBER.set(row.number, row);
  for (const id of [...row.pm, ...row.tok]) BY_ID.set(id, row);
}

/** Test tokens and magic payment method ids → card number. */
export const TOKENS: Readonly<Record<string, string>> = Object.fromEntries([...BY_ID].map(([id, row]) => [id, row.number]));

export function luhn(num: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = num.length - 1; i >= 0; i--) {
    let d = num.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

function brandOf(num: string): string {
  if (num.startsWith("4")) return "visa";
  if (/^5[1-5]/.test(num) || /^2(2[2-9]|[3-6]|7[01]|720)/.test(num)) return "mastercard";
  if (/^3[47]/.test(num)) return "amex";
  if (/^3(0[0-5]|[68])/.test(num)) return "diners";
  if (/^35/.test(num)) return "jcb";
  if (/^62/.test(num)) return "unionpay";
  if (/^6(011|5|4[4-9])/.test(num)) return "discover";
  return "unknown";
}

function strip(row: CardRow): TestCard {
  return { number: row.number, brand: row.brand, funding: row.funding, country: row.country, outcome: row.outcome, networks: [...row.networks] };
}

/** Returns the card for a number (spaces and dashes allowed), or null if it fails the Luhn check. */
export function lookupCard(input: string): TestCard | null {
  const number = input.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) return null;
  const known = BY_NUMBER.get(number);
  if (known) return strip(known);
  const brand = brandOf(number);
  return { number, brand, funding: "credit", country: "US", outcome: "success", networks: [brand] };
}

/** The card behind a test token or test PaymentMethod id (`tok_visa`, `pm_card_createDispute`), or null. */
export function cardForTestId(id: string): TestCard | null {
  const row = BY_ID.get(id);
  return row ? strip(row) : null;
}

export interface Decline {
  code: string;
  decline_code: string;
  message: string;
  /** charge.outcome for the failed charge */
  outcomeType: "issuer_declined" | "blocked" | "invalid";
  reason: string | null;
  sellerMessage: string;
}

const ISSUER = "The bank did not return any further details with this decline.";

function issuer(code: string, decline_code: string, message: string, reason: string | null = decline_code): Decline {
  return { code, decline_code, message, outcomeType: "issuer_declined", reason, sellerMessage: ISSUER };
}

const DECLINES: Record<string, Decline> = {
  generic_decline: issuer("card_declined", "generic_decline", "Your card was declined."),
  insufficient_funds: issuer("card_declined", "insufficient_funds", "Your card has insufficient funds."),
  lost_card: issuer("card_declined", "lost_card", "Your card was declined."),
  stolen_card: issuer("card_declined", "stolen_card", "Your card was declined."),
  expired_card: issuer("expired_card", "expired_card", "Your card has expired."),
  incorrect_cvc: issuer("incorrect_cvc", "incorrect_cvc", "Your card's security code is incorrect."),
  processing_error: issuer("processing_error", "processing_error", "An error occurred while processing your card. Try again in a little bit."),
  card_velocity_exceeded: issuer("card_declined", "card_velocity_exceeded", "Your card was declined for making repeated attempts too frequently or exceeding its amount limit."),
  fraudulent: {
    code: "card_declined",
    decline_code: "fraudulent",
    message: "Your card was declined.",
    outcomeType: "blocked",
    reason: "highest_risk_level",
    sellerMessage: "Stripe blocked this payment as too risky.",
  },
  authentication_required: issuer("authentication_required", "authentication_required", "Your card was declined. This transaction requires authentication."),
};

/** The decline for a decline code (`generic_decline`, `insufficient_funds`, …). */
export function decline(kind: keyof typeof DECLINES | string): Decline {
  return { ...(DECLINES[kind] ?? DECLINES.generic_decline) };
}

/** Outcomes whose card can't be attached to a customer (Stripe's "Declined payments" table). */
const NOT_ATTACHABLE: ReadonlySet<CardOutcome> = new Set<CardOutcome>([
  "generic_decline",
  "insufficient_funds",
  "lost_card",
  "stolen_card",
  "expired_card",
  "incorrect_cvc",
  "processing_error",
  "card_velocity_exceeded",
]);

/** The error of attaching this card to a customer (PaymentMethod attach, customer sources), or null. */
export function attachDecline(card: TestCard): Decline | null {
  if (!NOT_ATTACHABLE.has(card.outcome)) return null;
  return decline(card.outcome === "generic_decline" ? "generic_decline" : card.outcome);
}

export interface ChargeOptions {
  /** The customer isn't there to authenticate (off_session, renewals, invoice pay). */
  offSession: boolean;
  /** The card was set up for future use by an earlier on-session payment. */
  setUp: boolean;
}

export interface ChargeOutcome {
  decline: Decline | null;
  /** 3D Secure ran (on-session, the customer "completed" the challenge). */
  authenticated: boolean;
}

const AUTH_ON_SESSION: ReadonlySet<CardOutcome> = new Set<CardOutcome>([
  "auth_unless_set_up",
  "auth_always",
  "auth_set_up",
  "auth_insufficient_funds",
  "three_ds_required",
  "three_ds_required_declined",
]);

/**
 * What charging the card does. Local Stripe has no 3D Secure challenge: on-session payments of
 * cards that require authentication succeed as authenticated (or decline as documented after
 * authentication); off-session payments decline with `authentication_required` unless the
 * card is set up.
 */
export function chargeOutcome(card: TestCard, opts: ChargeOptions): ChargeOutcome {
  const o = card.outcome;
  const authenticated = !opts.offSession && AUTH_ON_SESSION.has(o);
  const fail = (kind: string): ChargeOutcome => ({ decline: decline(kind), authenticated });
  switch (o) {
    case "generic_decline":
    case "charge_customer_fail":
    case "three_ds_required_error":
      return fail("generic_decline");
    case "insufficient_funds":
    case "lost_card":
    case "stolen_card":
    case "expired_card":
    case "incorrect_cvc":
    case "processing_error":
    case "card_velocity_exceeded":
      return fail(o);
    case "radar_block":
    case "risk_highest":
      return fail("fraudulent");
    case "auth_insufficient_funds":
      return fail("insufficient_funds");
    case "auth_always":
    case "three_ds_required":
      return opts.offSession ? fail("authentication_required") : { decline: null, authenticated };
    case "auth_unless_set_up":
      return opts.offSession && !opts.setUp ? fail("authentication_required") : { decline: null, authenticated };
    case "three_ds_required_declined":
      return fail(opts.offSession ? "authentication_required" : "generic_decline");
    default:
      return { decline: null, authenticated: false };
  }
}

/** charge.outcome risk for the card. */
export function riskOf(card: TestCard): { level: "normal" | "elevated" | "highest"; score: number } {
  if (card.outcome === "risk_elevated") return { level: "elevated", score: 74 };
  if (card.outcome === "radar_block" || card.outcome === "risk_highest") return { level: "highest", score: 95 };
  return { level: "normal", score: 20 };
}

export interface CardChecks {
  cvc_check: string;
  address_line1_check: string | null;
  address_postal_code_check: string | null;
}

export function checksOf(card: TestCard): CardChecks {
  switch (card.outcome) {
    case "cvc_check_fail":
      return { cvc_check: "fail", address_line1_check: null, address_postal_code_check: null };
    case "address_zip_check_fail":
      return { cvc_check: "pass", address_line1_check: "pass", address_postal_code_check: "fail" };
    case "address_line1_check_fail":
      return { cvc_check: "pass", address_line1_check: "fail", address_postal_code_check: "pass" };
    case "address_checks_fail":
      return { cvc_check: "pass", address_line1_check: "fail", address_postal_code_check: "fail" };
    case "address_checks_unavailable":
      return { cvc_check: "pass", address_line1_check: "unavailable", address_postal_code_check: "unavailable" };
    default:
      return { cvc_check: "pass", address_line1_check: null, address_postal_code_check: null };
  }
}

/** What happens to a successful charge afterwards. */
export function disputeOf(card: TestCard): { reason: "fraudulent" | "product_not_received"; inquiry: boolean } | null {
  if (card.outcome === "dispute_fraudulent") return { reason: "fraudulent", inquiry: false };
  if (card.outcome === "dispute_product_not_received") return { reason: "product_not_received", inquiry: false };
  if (card.outcome === "dispute_inquiry") return { reason: "fraudulent", inquiry: true };
  return null;
}

export function refundBehaviorOf(card: TestCard): "pending" | "fail" | null {
  if (card.outcome === "refund_pending") return "pending";
  if (card.outcome === "refund_fail") return "fail";
  return null;
}

export function bypassesPending(card: TestCard): boolean {
  return card.outcome === "bypass_pending";
}

/** Stripe's `display_brand` and legacy Card `brand` names. */
export function displayBrand(brand: string): string {
  return (
    { amex: "american_express", diners: "diners_club", unionpay: "union_pay", eftpos_au: "eftpos_australia" } as Record<string, string>
  )[brand] ?? brand;
}

export function legacyBrand(brand: string): string {
  return (
    {
      visa: "Visa",
      mastercard: "MasterCard",
      amex: "American Express",
      discover: "Discover",
      diners: "Diners Club",
      jcb: "JCB",
      unionpay: "UnionPay",
    } as Record<string, string>
  )[brand] ?? "Unknown";
}

/** SEPA Direct Debit test IBANs: how the debit ends and how long it stays processing (seconds). */
export interface IbanBehavior {
  outcome: "succeeded" | "failed";
  delaySeconds: number;
  dispute: boolean;
}

const IBANS: Record<string, IbanBehavior> = {
  AT611904300234573201: { outcome: "succeeded", delaySeconds: 0, dispute: false },
  AT321904300235473204: { outcome: "succeeded", delaySeconds: 180, dispute: false },
  AT861904300235473202: { outcome: "failed", delaySeconds: 0, dispute: false },
  AT051904300235473205: { outcome: "failed", delaySeconds: 180, dispute: false },
  AT591904300235473203: { outcome: "succeeded", delaySeconds: 0, dispute: true },
  DE89370400440532013000: { outcome: "succeeded", delaySeconds: 0, dispute: false },
  DE62370400440532013001: { outcome: "failed", delaySeconds: 0, dispute: false },
  IT60X0542811101000000123456: { outcome: "failed", delaySeconds: 0, dispute: false },
};

export const TEST_IBANS: Readonly<Record<string, IbanBehavior>> = IBANS;

/** Normalizes an IBAN and checks its mod-97 checksum; null if invalid. */
export function normalizeIban(input: string): string | null {
  const iban = input.replace(/\s+/g, "").toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/.test(iban)) return null;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= "A" ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of v) rem = (rem * 10 + Number(d)) % 97;
  }
  return rem === 1 ? iban : null;
}

export function ibanBehavior(iban: string): IbanBehavior {
  return IBANS[iban] ?? { outcome: "succeeded", delaySeconds: 0, dispute: false };
}
