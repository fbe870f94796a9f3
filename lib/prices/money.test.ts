import { describe, expect, it } from "vitest";
import { AmountError, fromMinorUnits, toMinorUnits } from "./money";

describe("money", () => {
  it("parses decimal strings into minor units without floating point drift", () => {
    expect(toMinorUnits("15", "usd")).toBe(1500);
    expect(toMinorUnits("15.5", "usd")).toBe(1550);
    expect(toMinorUnits("0.29", "eur")).toBe(29);
    expect(toMinorUnits("19.99", "usd")).toBe(1999);
    expect(toMinorUnits("99999999.99", "usd")).toBe(9_999_999_999);
    expect(toMinorUnits("1500", "jpy")).toBe(1500);
    expect(toMinorUnits("1500.00", "jpy")).toBe(1500);
    expect(toMinorUnits("1.25", "kwd")).toBe(1250);
  });

  it("refuses malformed, non-positive and over-precise amounts", () => {
    for (const bad of ["", "-1", "1.234", "abc", "1e3", "123456789", "0", "0.00", " 1 2"]) {
      expect(() => toMinorUnits(bad, "usd"), bad).toThrow(AmountError);
    }
    expect(() => toMinorUnits("10.50", "jpy")).toThrow(/whole amount/);
  });

  it("formats minor units as the API's decimal strings", () => {
    expect(fromMinorUnits(1500, "usd")).toBe("15.00");
    expect(fromMinorUnits(5, "usd")).toBe("0.05");
    expect(fromMinorUnits(-1999, "usd")).toBe("-19.99");
    expect(fromMinorUnits(1500, "jpy")).toBe("1500");
    expect(fromMinorUnits(1250, "kwd")).toBe("1.250");
  });
});
