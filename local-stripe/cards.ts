/** Stripe's documented test cards and tokens, and what each one does. */
export type CardOutcome = "success" | "decline" | "dispute" | "insufficient_funds" | "expired_card" | "incorrect_cvc";

export interface TestCard {
  number: string;
  brand: string;
  funding: "credit" | "debit" | "prepaid";
  country: string;
  outcome: CardOutcome;
}

const CARDS: Record<string, Omit<TestCard, "number">> = {
  "4242424242424242": { brand: "visa", funding: "credit", country: "US", outcome: "success" },
  "4000056655665556": { brand: "visa", funding: "debit", country: "US", outcome: "success" },
  "5555555555554444": { brand: "mastercard", funding: "credit", country: "US", outcome: "success" },
  "378282246310005": { brand: "amex", funding: "credit", country: "US", outcome: "success" },
  "4000000000000002": { brand: "visa", funding: "credit", country: "US", outcome: "decline" },
  "4000000000009995": { brand: "visa", funding: "credit", country: "US", outcome: "insufficient_funds" },
  "4000000000000069": { brand: "visa", funding: "credit", country: "US", outcome: "expired_card" },
  "4000000000000127": { brand: "visa", funding: "credit", country: "US", outcome: "incorrect_cvc" },
  "4000000000000259": { brand: "visa", funding: "credit", country: "US", outcome: "dispute" },
};

/** Test tokens and magic payment method ids that stand for a card number. */
export const TOKENS: Record<string, string> = {
  tok_visa: "4242424242424242",
  tok_visa_debit: "4000056655665556",
  tok_mastercard: "5555555555554444",
  tok_amex: "378282246310005",
  tok_chargeDeclined: "4000000000000002",
  tok_chargeDeclinedInsufficientFunds: "4000000000009995",
  tok_chargeDeclinedExpiredCard: "4000000000000069",
  tok_chargeDeclinedIncorrectCvc: "4000000000000127",
  tok_createDispute: "4000000000000259",
  pm_card_visa: "4242424242424242",
  pm_card_visa_debit: "4000056655665556",
  pm_card_mastercard: "5555555555554444",
  pm_card_amex: "378282246310005",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_visa_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_chargeDeclinedExpiredCard: "4000000000000069",
  pm_card_chargeDeclinedIncorrectCvc: "4000000000000127",
  pm_card_createDispute: "4000000000000259",
};

function luhn(num: string): boolean {
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
  if (/^5[1-5]/.test(num) || /^2[2-7]/.test(num)) return "mastercard";
  if (/^3[47]/.test(num)) return "amex";
  if (num.startsWith("6")) return "discover";
  return "unknown";
}

/** Returns the card for a number (spaces allowed), or null if it is not a valid number. */
export function lookupCard(input: string): TestCard | null {
  const number = input.replace(/[\s-]/g, "");
  if (!/^\d{12,19}$/.test(number) || !luhn(number)) return null;
  const known = CARDS[number];
  if (known) return { number, ...known };
  return { number, brand: brandOf(number), funding: "credit", country: "US", outcome: "success" };
}

export interface Decline {
  code: string;
  decline_code: string;
  message: string;
}

export function declineFor(outcome: CardOutcome): Decline | null {
  switch (outcome) {
    case "decline":
      return { code: "card_declined", decline_code: "generic_decline", message: "Your card was declined." };
    case "insufficient_funds":
      return { code: "card_declined", decline_code: "insufficient_funds", message: "Your card has insufficient funds." };
    case "expired_card":
      return { code: "expired_card", decline_code: "expired_card", message: "Your card has expired." };
    case "incorrect_cvc":
      return { code: "incorrect_cvc", decline_code: "incorrect_cvc", message: "Your card's security code is incorrect." };
    default:
      return null;
  }
}
