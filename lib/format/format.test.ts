import { describe, expect, it } from "vitest";
import { decimalToMinor, formatAmount, formatDate, formatDateTime, formatInterval, formatMoney, formatPriceAmount, formatPriceWithInterval } from "./format";

describe("formatMoney (minor units)", () => {
  it.each([
    [1900, "usd", "$19.00"],
    [5, "usd", "$0.05"],
    [123456789, "usd", "$1,234,567.89"],
    [-499, "usd", "-$4.99"],
    [1500, "jpy", "¥1,500"],
    [1250, "kwd", "KWD 1.250"],
    [1999, "EUR", "€19.99"],
    [1000, "gbp", "£10.00"],
  ])("%i %s → %s", (minor, currency, expected) => {
    expect(formatMoney(minor, currency).replace(/\u00a0/g, " ")).toBe(expected);
  });

  it("falls back to digits and code when Intl refuses the code", () => {
    expect(formatMoney(1234, "u$")).toBe("12.34 U$");
    // an unknown but well-formed code still gets its code as the symbol
    expect(formatMoney(1234, "zzz").replace(/\u00a0/g, " ")).toBe("ZZZ 12.34");
  });
});

describe("decimal amounts", () => {
  it.each([
    ["19.00", "usd", 1900],
    ["19", "usd", 1900],
    ["19.9", "usd", 1990],
    ["1500", "jpy", 1500],
    ["1.250", "kwd", 1250],
    ["-4.99", "usd", -499],
    ["0.00", "usd", 0],
  ])("%s %s → %i minor", (amount, currency, minor) => {
    expect(decimalToMinor(amount, currency)).toBe(minor);
  });

  it.each([
    ["19.00", "usd", "$19.00"],
    ["22.50", "usd", "$22.50"],
    ["1500", "jpy", "¥1,500"],
    ["-3.74", "usd", "-$3.74"],
    ["n/a", "usd", "n/a USD"],
  ])("formatAmount(%s, %s) → %s", (amount, currency, expected) => {
    expect(formatAmount(amount, currency).replace(/\u00a0/g, " ")).toBe(expected);
  });

  it("prefers amount_minor when the payload has it", () => {
    expect(formatPriceAmount({ amount: "ignored", amount_minor: 2499, currency: "usd" })).toBe("$24.99");
    expect(formatPriceAmount({ amount: "24.99", currency: "usd" })).toBe("$24.99");
    expect(formatPriceAmount({ amount: "24.99", amount_minor: null, currency: "usd" })).toBe("$24.99");
  });
});

describe("intervals", () => {
  it.each([
    ["month", "/month", "$10.00/month"],
    ["year", "/year", "$10.00/year"],
    ["one_time", "one-time", "$10.00 one-time"],
  ] as const)("%s → %s, %s", (interval, suffix, label) => {
    expect(formatInterval(interval)).toBe(suffix);
    expect(formatPriceWithInterval({ amount: "10.00", currency: "usd", interval })).toBe(label);
  });
});

describe("dates", () => {
  it.each([
    ["2025-01-05T12:00:00.000Z", "Jan 5, 2025"],
    ["2024-12-31T23:59:59.000Z", "Dec 31, 2024"],
    ["2024-02-29T00:00:00Z", "Feb 29, 2024"],
  ])("formatDate(%s) → %s", (iso, expected) => {
    expect(formatDate(iso, { timeZone: "UTC" })).toBe(expected);
  });

  it.each([
    ["2025-01-05T15:04:00.000Z", "UTC", "Jan 5, 2025, 3:04 PM"],
    ["2025-01-05T00:30:00.000Z", "UTC", "Jan 5, 2025, 12:30 AM"],
    ["2025-01-05T00:30:00.000Z", "America/New_York", "Jan 4, 2025, 7:30 PM"],
  ])("formatDateTime(%s, %s) → %s", (iso, timeZone, expected) => {
    expect(formatDateTime(iso, { timeZone })?.replace(/[\u202f\u00a0]/g, " ")).toBe(expected);
  });

  it.each([null, undefined, "", "not a date"])("%s → null", (value) => {
    expect(formatDate(value)).toBeNull();
    expect(formatDateTime(value)).toBeNull();
  });
});
