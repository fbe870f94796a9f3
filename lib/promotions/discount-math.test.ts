import { describe, expect, it } from "vitest";
import { bpsToPercent, discountOn, minimumCharge, payableTotal, percentDiscount, percentToBps } from "./discount-math";

describe("percentDiscount", () => {
  it.each([
    // amount, bps, discount
    [1000, 2000, 200], // 20 % of 10.00
    [2499, 2000, 500], // 499.8 → 500
    [2499, 1000, 250], // 249.9
    [999, 2500, 250], // 249.75
    [1001, 5000, 501], // 500.5: halves round up
    [3, 5000, 2], // 1.5
    [1, 4999, 0], // 0.4999
    [2499, 10_000, 2499], // 100 %: the whole amount
    [0, 2000, 0],
    [1234, 1, 0], // 0.01 % of 12.34 = 0.1234
    [9_999_999_999, 3333, 3_333_000_000], // 9 999 999 999 × 0.3333 = 3 332 999 999.6667
  ])("%i minor units at %i bps → %i", (amount, bps, expected) => {
    expect(percentDiscount(amount, bps)).toBe(expected);
    expect(percentDiscount(amount, bps)).toBeLessThanOrEqual(amount);
  });

  it("refuses impossible inputs", () => {
    expect(() => percentDiscount(-1, 1000)).toThrow(RangeError);
    expect(() => percentDiscount(10.5, 1000)).toThrow(RangeError);
    expect(() => percentDiscount(1000, 0)).toThrow(RangeError);
    expect(() => percentDiscount(1000, 10_001)).toThrow(RangeError);
  });
});

describe("discountOn", () => {
  it.each([
    // amount, currency, discount, expected
    [2499, "usd", { percentOffBps: 2000 }, 500],
    [2499, "usd", { amountOff: 500, currency: "usd" }, 500],
    [2499, "USD", { amountOff: 500, currency: "usd" }, 500], // currency case does not matter
    [300, "usd", { amountOff: 500, currency: "usd" }, 300], // capped at the amount
    [2499, "eur", { amountOff: 500, currency: "usd" }, null], // another currency: not applicable
    [1500, "jpy", { percentOffBps: 1500 }, 225], // ¥1500 − 15 % = ¥225 off, whole yen
    [999, "jpy", { percentOffBps: 1250 }, 125], // 124.875 → 125
    [1000, "jpy", { amountOff: 300, currency: "jpy" }, 300],
    [1250, "kwd", { percentOffBps: 1000 }, 125], // 1.250 KWD − 10 % = 0.125
  ] as const)("%i %s with %o → %o", (amount, currency, discount, expected) => {
    expect(discountOn(amount, currency, discount)).toBe(expected);
  });
});

describe("percent and basis points", () => {
  it.each([
    [20, 2000],
    [12.5, 1250],
    [33.33, 3333],
    [0.01, 1],
    [100, 10_000],
    [14.29, 1429], // 14.29 × 100 is 1428.9999… in a double
  ])("%d %% ↔ %i bps", (percent, bps) => {
    expect(percentToBps(percent)).toBe(bps);
    expect(bpsToPercent(bps)).toBe(percent);
  });
});

describe("payableTotal", () => {
  it.each([
    [0, "usd", true], // free: Checkout takes no payment
    [49, "usd", false], // below Stripe's 0.50 minimum
    [50, "usd", true],
    [29, "gbp", false],
    [30, "gbp", true],
    [49, "jpy", false],
    [50, "jpy", true],
    [499, "kwd", false], // 0.499 KWD
    [500, "kwd", true],
  ])("%i %s → %s", (total, currency, ok) => {
    expect(payableTotal(total, currency)).toBe(ok);
  });

  it("knows the documented minimums", () => {
    expect(minimumCharge("USD")).toBe(50);
    expect(minimumCharge("huf")).toBe(17_500);
    expect(minimumCharge("brl")).toBe(50);
  });
});
