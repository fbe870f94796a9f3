// The split of units just counted against a period's included units. Pure: the counter update
// returns the total after adding them, and only that total decides which of them were free, so
// concurrent callers never both get the same free unit.

export type UnitSplit = { free: number; billable: number };

const isCount = (v: number) => Number.isSafeInteger(v) && v >= 0;

/**
 * `units` were just added to a period counter that now reads `after`; `included` units per period
 * are free. The units take the counter from `after − units` to `after`: those below `included` are
 * free, the rest are billable.
 */
export function splitUnits(after: number, units: number, included: number): UnitSplit {
  if (!isCount(after) || !isCount(units) || !isCount(included)) throw new RangeError("units must be whole numbers >= 0");
  if (after < units) throw new RangeError("the counter cannot read less than the units just added");
  const before = after - units;
  const free = Math.min(Math.max(included - before, 0), units);
  return { free, billable: units - free };
}
