import http from "node:http";
import type { AddressInfo } from "node:net";
import { expect, request as apiRequest, test } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { fillInput, gotoReady, signIn } from "./support/auth";
import { budget, WAIT } from "./support/budget";
import { BASE_URL } from "./support/env";
import { createAcmeItem } from "./support/fresh";
import { apiSignIn, buyOverApi, sellOnAcme } from "./support/stripe";

// An admin adds a webhook endpoint in Monetization → Webhooks pointing at a receiver this spec
// runs on 127.0.0.1 (the server runs with OUTBOUND_WEBHOOKS_ALLOW_PRIVATE=1), a purchase happens,
// and the receiver verifies the signed purchase.completed with the standardwebhooks library.

type Received = { headers: Record<string, string>; body: string };

async function startReceiver() {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers as Record<string, string>, body });
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/tollgate-hooks`, got, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const TAB = "/account?profileTab=monetization&view=webhooks";
/** Time for the job worker (polling every 2 s) to fan the sale event out and deliver it. */
const DELIVERY_WAIT = 30_000;

test("an admin adds a webhook endpoint; a purchase reaches the receiver signed, verified with standardwebhooks, and can be redelivered", async ({ page, request }, testInfo) => {
  // setup, sign-in and the tab, the dialog, the purchase, the delivery, the log and a redelivery
  test.setTimeout(budget(WAIT.setup, WAIT.page + WAIT.page, WAIT.step, WAIT.apiPurchase, DELIVERY_WAIT, WAIT.step, DELIVERY_WAIT));
  const rx = await startReceiver();
  const buyer = await apiRequest.newContext({ baseURL: BASE_URL });
  try {
    const item = await createAcmeItem(request, testInfo, { type: "course", name: "Webhook Course" });
    const paywall = await sellOnAcme(request, item, [{ name: "Lifetime", amount: "39.00", interval: "one_time" }]);

    await signIn(page, "admin@acme.test");
    await gotoReady(page, TAB);
    const section = page.getByTestId("webhooks-section");
    await expect(section.getByText("Webhooks", { exact: true })).toBeVisible();
    await section.getByRole("button", { name: "Add endpoint" }).click();

    const dialog = page.getByRole("dialog", { name: "Add a webhook endpoint" });
    await expect(dialog).toBeVisible();
    await fillInput(dialog.getByLabel("Endpoint URL"), rx.url);
    await expect(dialog.getByRole("checkbox", { name: /^purchase\.completed/ })).toBeChecked();
    await dialog.getByRole("checkbox", { name: /^refund\.created/ }).check();
    await fillInput(dialog.getByLabel("Description (optional)"), `e2e ${item.id}`);
    await dialog.getByRole("button", { name: "Add endpoint" }).click();

    // the secret, once, with a warning
    const done = page.getByRole("dialog", { name: "Endpoint added" });
    await expect(done.getByText(/shown only this once/)).toBeVisible({ timeout: WAIT.step });
    const secret = (await done.getByTestId("webhook-secret-value").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_/);
    await done.getByRole("button", { name: "I have saved the secret" }).click();
    await expect(done).toBeHidden();

    const row = section.getByTestId("webhook-endpoint").filter({ hasText: rx.url });
    await expect(row).toBeVisible();
    await expect(row.getByText("purchase.completed")).toBeVisible();
    await expect(row.getByText("refund.created")).toBeVisible();
    // the list never shows the secret again
    await expect(page.getByText(secret)).toHaveCount(0);

    // a member of acme buys the one-time tier
    await apiSignIn(buyer, "learner@acme.test");
    const lifetime = paywall.prices.find((p) => p.name === "Lifetime")!;
    await buyOverApi(buyer, item, lifetime.id);

    const forItem = () =>
      rx.got.filter((r) => {
        try {
          const body = JSON.parse(r.body) as { type?: string; data?: { item?: { id?: string } } };
          return body.type === "purchase.completed" && body.data?.item?.id === item.id;
        } catch {
          return false;
        }
      });
    await expect.poll(() => forItem().length, { timeout: DELIVERY_WAIT, message: "the signed purchase.completed reaches the receiver" }).toBe(1);
    const [delivery] = forItem();
    expect(delivery.headers["user-agent"]).toBe("Tollgate-Webhooks/1");
    expect(delivery.headers["content-type"]).toBe("application/json");
    const event = new Webhook(secret).verify(delivery.body, delivery.headers) as {
      id: string;
      type: string;
      platform: { key: string };
      data: { item: { type: string; id: string }; payment: { amount: number; currency: string } | null };
    };
    expect(event.id).toBe(delivery.headers["webhook-id"]);
    expect(event).toMatchObject({ type: "purchase.completed", platform: { key: "acme" }, data: { item: { type: "course", id: item.id }, payment: { amount: 3900 } } });
    // a wrong secret does not verify
    expect(() => new Webhook(`whsec_${Buffer.from("not the secret at all, 32 bytes!").toString("base64")}`).verify(delivery.body, delivery.headers)).toThrow();

    // the delivery log shows it delivered; a redelivery sends the same event again
    await row.getByRole("button", { name: /^Show deliveries of/ }).click();
    const logRow = row.getByTestId("webhook-delivery-row").filter({ hasText: event.id });
    await expect(logRow).toBeVisible({ timeout: WAIT.step });
    await expect(logRow.getByText("Delivered")).toBeVisible();
    await expect(logRow.getByText("HTTP 200")).toBeVisible();
    await logRow.getByRole("button", { name: /^Redeliver/ }).click();
    await expect.poll(() => forItem().length, { timeout: DELIVERY_WAIT, message: "the redelivery reaches the receiver" }).toBe(2);
    const again = forItem()[1];
    expect(again.headers["webhook-id"]).toBe(event.id);
    expect(new Webhook(secret).verify(again.body, again.headers)).toMatchObject({ id: event.id });
  } finally {
    // later specs' sales on acme must not be sent to a receiver that is gone
    const list = await page.request.get("/api/billing/platforms/acme/webhook-endpoints/?page_size=100");
    if (list.ok()) {
      for (const e of ((await list.json()) as { results: { id: string; url: string }[] }).results.filter((e) => e.url === rx.url)) {
        await page.request.delete(`/api/billing/platforms/acme/webhook-endpoints/${e.id}/`, { headers: { Origin: BASE_URL } });
      }
    }
    await buyer.dispose();
    await rx.close();
  }
});
