import { describe, expect, it } from "vitest";
import { splitUnits } from "./unit-split";

describe("splitUnits", () => {
  it.each([
    // after, units, included, free, billable
    [1, 1, 3, 1, 0], // first unit of the period
    [3, 1, 3, 1, 0], // the last included unit
    [4, 1, 3, 0, 1], // the first unit past the quota
    [10, 1, 3, 0, 1], // well past it
    [5, 5, 3, 3, 2], // one request straddles the quota
    [6, 4, 3, 1, 3], // two were used before: one free left
    [3, 3, 3, 3, 0], // exactly the quota in one go
    [2, 2, 0, 0, 2], // no included units: every unit is billed
    [0, 0, 3, 0, 0], // nothing counted
    [7, 0, 3, 0, 0], // nothing counted past the quota
    [100, 50, 1000, 50, 0], // a large quota
  ])("counter %i after adding %i with %i included → %i free, %i billable", (after, units, included, free, billable) => {
    expect(splitUnits(after, units, included)).toEqual({ free, billable });
  });

  it("free and billable always add up to the units, and free never exceeds what was left", () => {
    for (let included = 0; included <= 6; included++) {
      for (let before = 0; before <= 8; before++) {
        for (let units = 0; units <= 5; units++) {
          const { free, billable } = splitUnits(before + units, units, included);
          expect(free + billable).toBe(units);
          expect(free).toBe(Math.max(0, Math.min(units, included - before)));
        }
      }
    }
  });

  it("sequential single units get exactly the included ones free", () => {
    const free = Array.from({ length: 8 }, (_, i) => splitUnits(i + 1, 1, 5).free);
    expect(free).toEqual([1, 1, 1, 1, 1, 0, 0, 0]);
  });

  it.each([
    [1, 2, 3], // the counter reads less than what was added
    [-1, 0, 3],
    [1, -1, 3],
    [1, 1, -1],
    [1.5, 1, 3],
    [2, 1, 0.5],
  ])("refuses counter %d, units %d, included %d", (after, units, included) => {
    expect(() => splitUnits(after, units, included)).toThrow(RangeError);
  });
});
