import { describe, expect, it } from "vitest";
import { requirementLabel, requirementLabels } from "@/lib/connect/requirement-labels";

describe("Stripe requirement labels", () => {
  it("names each thing once, even when Stripe lists it as currently and past due", () => {
    const due = ["business_profile.mcc", "external_account", "tos_acceptance.date", "tos_acceptance.ip"];
    expect(requirementLabels([...due, ...due])).toEqual(["Business category", "Bank account for payouts", "Acceptance of Stripe's terms of service"]);
  });

  it("gives unknown keys a readable label instead of the raw key", () => {
    expect(requirementLabel("individual.political_exposure")).toBe("Your political exposure");
    expect(requirementLabel("person_1AbCdEf.relationship.title")).toBe("Person relationship title");
    expect(requirementLabel("some_new_thing")).toBe("Some new thing");
    for (const label of requirementLabels(["company.structure", "interv_xyz"])) expect(label).not.toMatch(/[._]/);
  });
});
