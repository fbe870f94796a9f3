import { describe, expect, it } from "vitest";
import {
  applicationFeePercent,
  bpsFromApplicationFeePercent,
  chargeSplit,
  commissionFee,
  reversalSplit,
  saleFeeBps,
  type Reversed,
} from "./money-math";

const isMinor = (v: number) => Number.isSafeInteger(v) && !Object.is(v, -0);

describe("commissionFee", () => {
  it.each([
    // amount, bps, fee
    [0, 2500, 0],
    [1500, 2500, 375],
    [999, 2500, 250], // 249.75
    [2499, 2500, 625], // 624.75
    [1, 2500, 0], // 0.25
    [2, 2500, 1], // 0.5: halves round up
    [3, 5000, 2], // 1.5
    [5000, 1, 1], // 0.5
    [4999, 1, 0], // 0.4999
    [1000, 0, 0], // no commission
    [2499, 10_000, 2499], // 100 %
    [9_999_999_999, 3333, 3_333_000_000], // 3332999999.6667, the largest amount a price can have
  ])("%i at %i bps → %i", (amount, bps, fee) => {
    const got = commissionFee(amount, bps);
    expect(got).toBe(fee);
    expect(isMinor(got)).toBe(true);
  });

  it.each([
    [1.5, 2500],
    [-100, 2500],
    [100, -1],
    [100, 10_001],
    [100, 12.5],
    [Number.NaN, 2500],
  ])("refuses %s at %s bps", (amount, bps) => {
    expect(() => commissionFee(amount, bps)).toThrow(RangeError);
  });
});

describe("the rate Stripe charges", () => {
  it.each([
    // bps, application_fee_percent
    [0, 0],
    [1, 0.01],
    [1234, 12.34],
    [1429, 14.29],
    [2500, 25],
    [3333, 33.33],
    [10_000, 100],
  ])("%i bps ↔ %s percent", (bps, percent) => {
    expect(applicationFeePercent(bps)).toBe(percent);
    expect(bpsFromApplicationFeePercent(percent)).toBe(bps);
  });

  it("round-trips every basis point through application_fee_percent", () => {
    for (let bps = 0; bps <= 10_000; bps++) expect(bpsFromApplicationFeePercent(applicationFeePercent(bps))).toBe(bps);
  });

  it.each([
    // subscription's application_fee_percent, metadata fee_bps, bps used
    [null, 2000, 2000], // one-time purchase: the rate stamped at checkout
    [undefined, 2000, 2000],
    [25, 2000, 2500], // the subscription's own rate wins over the stamp
    [0, 2000, 0], // a 0 % subscription is 0, not "missing"
    [12.34, 0, 1234],
  ])("application_fee_percent %s with fee_bps %i → %i bps", (percent, metadataBps, bps) => {
    expect(saleFeeBps(percent, metadataBps)).toBe(bps);
  });

  it("refuses a percentage beyond 100", () => {
    expect(() => bpsFromApplicationFeePercent(100.01)).toThrow(RangeError);
    expect(() => applicationFeePercent(10_001)).toThrow(RangeError);
  });
});

describe("chargeSplit", () => {
  it.each([
    // gross, bps, application_fee_amount, fee, net
    [1000, 2500, null, 250, 750],
    [1000, 2500, undefined, 250, 750],
    [999, 2500, null, 250, 749],
    [1000, 2500, 300, 300, 700], // what Stripe really took wins over the rate
    [1000, 2500, 0, 0, 1000], // a 0 fee from Stripe is a fee of 0
    [2499, 10_000, null, 2499, 0], // 100 %
    [1000, 0, null, 0, 1000],
    [0, 2500, null, 0, 0],
    [1000, 2500, 1500, 1000, 0], // capped at the charge
  ])("%i at %i bps, Stripe fee %s → fee %i, net %i", (gross, bps, stripeFee, fee, net) => {
    expect(chargeSplit(gross, bps, stripeFee)).toEqual({ fee, net });
  });

  it("refuses fractions of a minor unit", () => {
    expect(() => chargeSplit(10.5, 2500)).toThrow(RangeError);
    expect(() => chargeSplit(1000, 2500, 2.5)).toThrow(RangeError);
  });
});

describe("reversalSplit", () => {
  const none: Reversed = { amount: 0, fee: 0 };
  it.each([
    // original {amount, fee}, reversed before, this row's amount, fee, net
    [{ amount: 1500, fee: 375 }, none, -1500, -375, -1125], // full refund
    [{ amount: 2499, fee: 625 }, none, -999, -250, -749], // partial: 249.85
    [{ amount: 2499, fee: 625 }, { amount: -999, fee: -250 }, -1500, -375, -1125], // the rest: exactly what is left
    [{ amount: 4, fee: 1 }, none, -2, -1, -1], // a half unit of commission: mirrors the sale's rounding
    [{ amount: 3, fee: 1 }, none, -1, 0, -1], // 0.33
    [{ amount: 1000, fee: 0 }, none, -500, 0, -500], // no commission
    [{ amount: 1000, fee: 1000 }, none, -300, -300, 0], // 100 % commission
    [{ amount: 0, fee: 0 }, none, 0, 0, 0],
    [{ amount: 2499, fee: 625 }, none, -2499, -625, -1874], // dispute opened
    [{ amount: 2499, fee: 625 }, { amount: -2499, fee: -625 }, 2499, 625, 1874], // dispute won gives it back
    [{ amount: 1000, fee: 250 }, { amount: -400, fee: -100 }, 400, 100, 300], // a partial dispute won
    [{ amount: 1000, fee: 250 }, { amount: -1000, fee: -250 }, -100, 0, -100], // beyond the charge: no more commission to reverse
    // amount × fee beyond 2^53, a tie: in floating point this lands on the wrong side
    [{ amount: 9_811_615_520, fee: 2_452_903_880 }, none, -59_863_738, -14_965_935, -44_897_803],
  ])("%j, before %j, %i → fee %i, net %i", (original, before, amount, fee, net) => {
    const got = reversalSplit(original, before, amount);
    expect(got).toEqual({ fee, net });
    expect(isMinor(got.fee) && isMinor(got.net)).toBe(true);
  });

  /** Applies refunds in order as the ledger does, returning each row's split. */
  function refundAll(original: { amount: number; fee: number }, refunds: number[]) {
    const before: Reversed = { amount: 0, fee: 0 };
    return refunds.map((r) => {
      const row = reversalSplit(original, before, -r);
      before.amount -= r;
      before.fee += row.fee;
      return row;
    });
  }

  it.each([
    // original, partial refunds in order, fee of each row
    [{ amount: 2499, fee: 625 }, [499, 499, 499, 499, 499, 4], [-125, -125, -124, -125, -125, -1]],
    [{ amount: 1000, fee: 250 }, Array(10).fill(100), Array(10).fill(-25)],
    [{ amount: 3, fee: 1 }, [1, 1, 1], [0, -1, 0]],
    [{ amount: 7, fee: 2 }, Array(7).fill(1), [0, -1, 0, 0, 0, -1, 0]],
    [{ amount: 1, fee: 1 }, [1], [-1]],
    [{ amount: 1000, fee: 0 }, [1, 998, 1], [0, 0, 0]],
  ])("%j refunded as %j reverses fees %j and exactly the original fee and net in total", (original, refunds, fees) => {
    const rows = refundAll(original, refunds);
    expect(rows.map((r) => r.fee)).toEqual(fees);
    expect(rows.reduce((s, r) => s + r.fee, 0)).toBe(0 - original.fee);
    expect(rows.reduce((s, r) => s + r.net, 0)).toBe(original.fee - original.amount);
  });

  it("never reverses more fee or net than was charged, however a small charge is split", () => {
    // every split of every amount up to 9 into partial refunds, at every possible fee
    for (let amount = 1; amount <= 9; amount++) {
      for (let fee = 0; fee <= amount; fee++) {
        for (let mask = 0; mask < 2 ** (amount - 1); mask++) {
          const refunds: number[] = [];
          let run = 1;
          for (let i = 0; i < amount - 1; i++) {
            if (mask & (1 << i)) {
              refunds.push(run);
              run = 1;
            } else run++;
          }
          refunds.push(run);
          let feeSum = 0;
          let netSum = 0;
          for (const row of refundAll({ amount, fee }, refunds)) {
            expect(row.fee).toBeLessThanOrEqual(0);
            expect(row.net).toBeLessThanOrEqual(0);
            feeSum += row.fee;
            netSum += row.net;
            expect(feeSum).toBeGreaterThanOrEqual(-fee);
            expect(netSum).toBeGreaterThanOrEqual(fee - amount);
          }
          expect([feeSum, netSum]).toEqual([0 - fee, fee - amount]);
        }
      }
    }
  });
});
