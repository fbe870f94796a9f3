import { describe, expect, it } from "vitest";
import { startHarness, tempDir } from "./helpers.js";

describe("persistence", () => {
  it("keeps state, secrets and the clock across a restart; reset wipes state but keeps secrets", async () => {
    const dataDir = tempDir();
    const first = await startHarness({ dataDir });
    const customer = await first.stripe.customers.create({ email: "keep@example.com" }, { idempotencyKey: "persist-1" });
    await first.control("clock/advance", { seconds: 3600 });
    const cfg1 = (await first.control<{ webhook_secrets: object; platform_account: string }>("config", undefined, "GET")).body;
    await first.close();

    const second = await startHarness({ dataDir });
    try {
      const again = await second.stripe.customers.retrieve(customer.id);
      expect(again.id).toBe(customer.id);
      const replay = await second.stripe.customers.create({ email: "keep@example.com" }, { idempotencyKey: "persist-1" });
      expect(replay.id).toBe(customer.id);
      expect(replay.lastResponse.headers["idempotent-replayed"]).toBe("true");
      const cfg2 = (await second.control<typeof cfg1>("config", undefined, "GET")).body;
      expect(cfg2.webhook_secrets).toEqual(cfg1.webhook_secrets);
      expect(cfg2.platform_account).toBe(cfg1.platform_account);
      const clock = (await second.control<{ offset: number }>("clock", undefined, "GET")).body;
      expect(clock.offset).toBe(3600);

      const reset = await second.control("reset");
      expect(reset.body).toEqual({ status: "ok" });
      await expect(second.stripe.customers.retrieve(customer.id)).rejects.toMatchObject({ statusCode: 404 });
      const cfg3 = (await second.control<typeof cfg1>("config", undefined, "GET")).body;
      expect(cfg3.webhook_secrets).toEqual(cfg1.webhook_secrets);
      expect((await second.stripe.accounts.retrieveCurrent()).id).toBe(cfg1.platform_account);
    } finally {
      await second.close();
    }
  });
});
