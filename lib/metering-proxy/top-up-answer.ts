// When the user cannot pay, the proxy still answers a normal chat completion: the assistant says
// so and carries the top-up link, so the calling app needs no billing branch.

export type PaywallReason = "insufficient_credits" | "spend_cap_reached";

const CREATED = () => Math.floor(Date.now() / 1000);

export function topUpMessage(reason: PaywallReason, url: string, platformName: string): string {
  return reason === "spend_cap_reached"
    ? `You have reached your spending limit on ${platformName} for now, so I cannot answer this one. You can review your limits and credits here: ${url}`
    : `You have used up your credits on ${platformName}. Top up to keep chatting: ${url}`;
}

export function topUpAnswer(input: { model: string; stream: boolean; reason: PaywallReason; url: string; platformName: string; balance: number }): Response {
  const content = topUpMessage(input.reason, input.url, input.platformName);
  const id = `chatcmpl-paywall${Date.now().toString(36)}`;
  const created = CREATED();
  const usage = { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 };
  const headers: Record<string, string> = { "x-paywall-reason": input.reason, "x-paywall-top-up-url": input.url, "x-credits-charged": "0", "x-credits-balance": String(input.balance) };
  if (!input.stream) {
    return Response.json(
      { id, object: "chat.completion", created, model: input.model, choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }], usage },
      { headers },
    );
  }
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model: input.model, choices, ...extra })}\n\n`;
  const text =
    chunk([{ index: 0, delta: { role: "assistant", content }, logprobs: null, finish_reason: null }]) +
    chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]) +
    chunk([], { usage }) +
    "data: [DONE]\n\n";
  return new Response(text, { headers: { ...headers, "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } });
}
