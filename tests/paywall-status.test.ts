import { describe, expect, it } from "vitest";
import { paywallStatus } from "@/components/monetization/paywalls/paywall-utils";

describe("paywall status in the list", () => {
  it("warns about a paywall that is on with no active tier instead of calling it active", () => {
    expect(paywallStatus(true, 0)).toBe("no-tiers");
    expect(paywallStatus(true, 2)).toBe("active");
    expect(paywallStatus(false, 0)).toBe("disabled");
    expect(paywallStatus(false, 3)).toBe("disabled");
  });
});
