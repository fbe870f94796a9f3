import { expect, test, type Locator, type Page } from "@playwright/test";
import OpenAI from "openai";
import { fillInput, gotoReady, signIn, waitForReady } from "./support/auth";
import { budget, WAIT } from "./support/budget";
import { BASE_URL } from "./support/env";
import { freshAcmeLearner, uniqueTag } from "./support/fresh";
import { apiSignIn, ensureAcmeConnected, LOCAL_STRIPE } from "./support/stripe";

// The demo agent, Calculus Tutor on acme, answers through the built-in Local model and costs at
// least 10 credits a message. Every run makes its own learner (no credits) and gives it 20 over
// the admin API, so two answers are paid and the third is the top-up offer.

const AGENT_PATH = "/p/acme/items/mentor/calculus-tutor";
const STARTING_CREDITS = 20;
const origin = { Origin: BASE_URL };

function chatParts(page: Page) {
  const chat = page.getByTestId("agent-chat");
  return {
    chat,
    log: chat.getByRole("log"),
    input: chat.getByLabel("Your message"),
    send: chat.getByRole("button", { name: "Send" }),
    topUpLink: chat.getByRole("log").getByRole("link", { name: "Top up your credits" }),
  };
}

/** Sends one message and waits for the agent's answer to it (the n-th assistant message). */
async function ask(page: Page, text: string, answers: number) {
  const { log, input, send } = chatParts(page);
  await fillInput(input, text);
  await send.click();
  const assistant: Locator = log.locator('[data-role="assistant"]');
  await expect(assistant).toHaveCount(answers, { timeout: WAIT.step });
  return assistant.nth(answers - 1);
}

test("a learner chats with Calculus Tutor until the credits run out, tops up with 4242 and chats on", async ({ page, request }, testInfo) => {
  // setup, sign-in, the item page, three answers, the wallet page, checkout, the webhook, the item page, one answer
  test.setTimeout(budget(WAIT.setup, WAIT.signIn, WAIT.page, 3 * WAIT.step, WAIT.page, WAIT.stripe, WAIT.webhook, WAIT.page, WAIT.step));
  await ensureAcmeConnected(request);
  await freshAcmeLearner(page, testInfo, "chatter");

  // the learner's own id, then a deposit by an acme admin
  const wallet = await page.request.get("/api/billing/platforms/acme/wallet/");
  expect(wallet.status(), await wallet.text()).toBe(200);
  const { user_id: userId, balance } = (await wallet.json()) as { user_id: string; balance: number };
  expect(balance).toBe(0);
  await apiSignIn(request, "admin@acme.test");
  const deposit = await request.post(`/api/billing/platforms/acme/wallets/${encodeURIComponent(userId)}/deposit/`, {
    headers: { ...origin, "Idempotency-Key": `e2e-${uniqueTag(testInfo)}` },
    data: { amount: STARTING_CREDITS, reason: "e2e starting credits" },
  });
  expect(deposit.status(), await deposit.text()).toBe(200);

  await gotoReady(page, AGENT_PATH);
  await expect(page.getByRole("heading", { name: "Chat with Calculus Tutor" })).toBeVisible();
  const { chat, topUpLink } = chatParts(page);

  // paid answers until the wallet cannot cover one: then a normal answer carries the top-up link
  let answers = 0;
  for (const question of ["What is the derivative of x^2?", "And the integral of 2x?", "What is a limit?", "Explain the chain rule."]) {
    const answer = await ask(page, question, ++answers);
    if ((await answer.getByRole("link", { name: "Top up your credits" }).count()) > 0) break;
    await expect(chat.getByTestId("chat-charge")).toContainText("Balance:");
  }
  await expect(topUpLink).toBeVisible();
  expect(answers).toBeGreaterThan(1);

  // the link leads to the wallet; a pack is bought on Local Stripe's checkout page
  await topUpLink.click();
  await page.waitForURL((url) => url.pathname.replace(/\/$/, "") === "/p/acme/wallet");
  await waitForReady(page);
  const credits = page.getByTestId("wallet-balance-credits");
  const before = Number(await credits.textContent({ timeout: WAIT.page }));
  expect(before).toBeLessThan(10);
  // the seeded Starter pack: 100 credits
  await page.getByTestId("credit-packs").getByRole("button", { name: "Buy Starter" }).click();
  await expect(page).toHaveURL(new RegExp(`^${LOCAL_STRIPE}/checkout/`), { timeout: WAIT.stripe });
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: /^(Pay|Subscribe|Start)/ }).click();

  // back on the wallet page; the balance rises once the webhook is in (the page polls)
  await page.waitForURL(/\/p\/acme\/wallet\/?\?topped_up=/, { timeout: WAIT.stripe });
  await expect(page.getByTestId("topped-up")).toBeVisible();
  await expect(async () => expect(Number(await credits.textContent())).toBeGreaterThanOrEqual(before + 100)).toPass({ timeout: WAIT.webhook });
  await expect(page.getByTestId("wallet-history")).toContainText("Top-up");

  // and the chat goes on, paid
  await gotoReady(page, AGENT_PATH);
  const answer = await ask(page, "Thanks! What is the derivative of sin x?", 1);
  await expect(answer.getByRole("link", { name: "Top up your credits" })).toHaveCount(0);
  await expect(chatParts(page).chat.getByTestId("chat-charge")).toContainText(/Last answer: \d+ credits/);

  // Purchases shows the wallet with its latest usage and the top-up
  await gotoReady(page, "/profile?tab=purchases");
  const creditsSection = page.getByTestId("purchases-credits");
  await expect(creditsSection).toContainText("Acme", { timeout: WAIT.page });
  await expect(creditsSection.getByRole("list", { name: /Latest credit activity/ })).toContainText("Usage");
  await expect(creditsSection.getByRole("list", { name: /Latest credit activity/ })).toContainText("Top-up");
});

test("a creator adds a credit pack in the Credits tab and buyers see it on the wallet page", async ({ page }, testInfo) => {
  test.setTimeout(budget(WAIT.page, WAIT.page, WAIT.step, WAIT.page));
  const name = `Exam week ${uniqueTag(testInfo)}`;
  await signIn(page, "admin@acme.test");
  await gotoReady(page, "/account?profileTab=monetization&view=credits");
  const packs = page.getByTestId("credit-packs-admin");
  await expect(packs.getByRole("heading", { name: "Credit packs" })).toBeVisible({ timeout: WAIT.page });
  await fillInput(packs.getByLabel("Pack name"), name);
  await fillInput(packs.getByLabel("Credits", { exact: true }), "250");
  await fillInput(packs.getByLabel("Price", { exact: true }), "2.50");
  await packs.getByRole("button", { name: "Add pack" }).click();
  await expect(packs.getByRole("row").filter({ hasText: name })).toContainText("$2.50", { timeout: WAIT.step });

  await gotoReady(page, "/p/acme/wallet");
  await expect(page.getByRole("button", { name: `Buy ${name}` })).toBeVisible();
  // take it off sale again so the buyers' list stays short
  await gotoReady(page, "/account?profileTab=monetization&view=credits");
  await page.getByTestId("credit-packs-admin").getByRole("row").filter({ hasText: name }).getByRole("button", { name: /Take off sale/ }).click();
  await expect(page.getByTestId("credit-packs-admin").getByRole("row").filter({ hasText: name })).toContainText("Off sale", { timeout: WAIT.step });
});

test("the official openai SDK against the started server: a metered answer, the same answer streamed, one charge each, and the top-up answer when empty", async ({ request }, testInfo) => {
  test.setTimeout(budget(WAIT.setup, 4 * WAIT.step));
  await apiSignIn(request, "owner@acme.test");
  const minted = await request.post("/api/tokens/", { headers: origin, data: { name: `e2e sdk ${uniqueTag(testInfo)}`, platform_key: "acme" } });
  expect(minted.status(), await minted.text()).toBe(201);
  const { key } = (await minted.json()) as { key: string };
  const auth = { Authorization: `Bearer ${key}` };
  const endUser = `e2e-sdk-${uniqueTag(testInfo)}`;
  const deposit = await request.post(`/api/billing/platforms/acme/wallets/${endUser}/deposit/`, {
    headers: { ...auth, "Idempotency-Key": `deposit-${endUser}` },
    data: { amount: 200, reason: "e2e sdk" },
  });
  expect(deposit.status(), await deposit.text()).toBe(200);

  const client = new OpenAI({ apiKey: key, baseURL: `${BASE_URL}/api/v1`, maxRetries: 0 });
  const models = await client.models.list();
  expect(models.data.map((m) => m.id)).toContain("calculus-tutor");
  const messages = [{ role: "user" as const, content: "What is the derivative of x^3?" }];

  const { data: completion, response } = await client.chat.completions.create({ model: "calculus-tutor", messages, user: endUser }).withResponse();
  const text = completion.choices[0].message.content ?? "";
  expect(text.length).toBeGreaterThan(0);
  expect(completion.usage?.prompt_tokens).toBeGreaterThan(0);
  expect(completion.usage?.completion_tokens).toBeGreaterThan(0);
  const charged = Number(response.headers.get("x-credits-charged"));
  expect(charged).toBeGreaterThanOrEqual(10);
  expect(Number(response.headers.get("x-credits-balance"))).toBe(200 - charged);

  // streamed through the proxy: the same deterministic text, and usage in the last chunk
  const stream = await client.chat.completions.create({ model: "calculus-tutor", messages, user: endUser, stream: true, stream_options: { include_usage: true } });
  let streamed = "";
  let usageTokens = 0;
  for await (const chunk of stream) {
    streamed += chunk.choices[0]?.delta?.content ?? "";
    if (chunk.usage) usageTokens = chunk.usage.total_tokens;
  }
  expect(streamed).toBe(text);
  expect(usageTokens).toBe(completion.usage?.total_tokens);

  // exactly one usage entry per request, and the balance is what the entries say
  const wallet = (await (await request.get(`/api/billing/platforms/acme/wallets/${endUser}/`, { headers: auth })).json()) as { balance: number };
  const entries = (await (await request.get(`/api/billing/platforms/acme/wallets/${endUser}/entries/`, { headers: auth })).json()) as { results: { kind: string; amount: number }[] };
  const usage = entries.results.filter((e) => e.kind === "usage");
  expect(usage).toHaveLength(2);
  expect(wallet.balance).toBe(200 + usage.reduce((sum, e) => sum + e.amount, 0));

  // a user with no credits gets a normal answer that carries the top-up link
  const empty = await client.chat.completions.create({ model: "calculus-tutor", messages, user: `${endUser}-empty` });
  expect(empty.choices[0].finish_reason).toBe("stop");
  expect(empty.choices[0].message.content).toContain("/p/acme/wallet");
});
