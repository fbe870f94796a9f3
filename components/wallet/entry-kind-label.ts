/** How a wallet entry's kind reads to a buyer. */
export const ENTRY_KIND_LABEL: Record<string, string> = {
  topup: "Top-up",
  deposit: "Deposit",
  grant: "Plan credits",
  usage: "Usage",
  refund: "Refund",
  adjustment: "Adjustment",
  expiry: "Expired",
};
