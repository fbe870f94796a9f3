import { describe, expect, it } from "vitest";
import { bpsSchema, commissionBpsFor, commissionTable, DEFAULT_COMMISSION_BPS } from "./commission";

const platform = (commissionBps: unknown, defaultCommissionBps = DEFAULT_COMMISSION_BPS) => ({ commissionBps, defaultCommissionBps });

describe("commissionBpsFor", () => {
  it.each([
    // overrides, default, item type, bps
    [{}, 2500, "course", 2500],
    [{ course: 2000 }, 2500, "course", 2000],
    [{ course: 2000 }, 2500, "mentor", 2500],
    [{ course: 0 }, 2500, "course", 0], // 0 % is a commission, not a missing one
    [{ course: 10_000 }, 2500, "course", 10_000],
    [{ "custom:workshop": 1500 }, 1000, "custom:workshop", 1500],
    [{ course: 12.5 }, 2500, "course", 2500], // not whole basis points: the default
    [{ course: "2000" }, 2500, "course", 2500],
    [null, 3000, "course", 3000],
    ["garbage", 3000, "course", 3000],
  ])("%j (default %i) for %s → %i", (overrides, fallback, itemType, bps) => {
    expect(commissionBpsFor(platform(overrides, fallback), itemType)).toBe(bps);
  });
});

describe("commissionTable", () => {
  it("lists every built-in type and each custom override", () => {
    expect(commissionTable(platform({ course: 2000, "custom:workshop": 1500 }, 2500))).toEqual({
      mentor: 2500,
      course: 2000,
      program: 2500,
      pathway: 2500,
      "custom:workshop": 1500,
    });
  });
});

describe("bpsSchema", () => {
  it.each([
    [0, true],
    [2500, true],
    [10_000, true],
    [-1, false],
    [10_001, false],
    [12.5, false],
  ])("%s valid: %s", (value, ok) => {
    expect(bpsSchema.safeParse(value).success).toBe(ok);
  });
});
