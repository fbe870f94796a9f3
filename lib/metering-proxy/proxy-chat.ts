import "server-only";
import { randomUUID } from "node:crypto";
import { localModelHandler, estimateTokens, promptTokens } from "@/lib/local-model/local-model";
import { openApiKey } from "@/lib/model-providers/api-key-box";
import { debitWallet, effectiveCaps, periodSpend, walletFor } from "@/lib/wallets/wallet-ledger";
import { topUpUrl } from "@/lib/wallets/top-up-url";
import { creditsFor } from "./credits";
import type { PricedModel, ProxyPlatform, WalletState } from "./proxy-context";
import { openAiError, PROXY_ERROR_STATUSES } from "./openai-error";
import { topUpAnswer, type PaywallReason } from "./top-up-answer";
import { postUpstream } from "./upstream-request";

// One metered chat completion: check balance and caps before upstream, call upstream, pass its
// answer (or SSE stream) through unchanged, read `usage` from it and charge the wallet once.

export type { PricedModel } from "./proxy-context";
type Usage = { prompt_tokens: number; completion_tokens: number };
type Messages = Array<{ role: string; content: unknown }>;

/** Why the user cannot pay for the smallest request, or null when they can. */
async function refusal(platform: ProxyPlatform, userId: string, need: number, known: WalletState | null | undefined): Promise<{ reason: PaywallReason; balance: number } | null> {
  // a user without a wallet gets one (as every wallet read does); it cannot pay yet
  const wallet = known ?? (await walletFor(platform.id, userId));
  const caps = effectiveCaps(wallet, platform);
  const spent = periodSpend(wallet);
  if ((caps.daily !== null && spent.daySpent + need > caps.daily) || (caps.monthly !== null && spent.monthSpent + need > caps.monthly)) {
    return { reason: "spend_cap_reached", balance: wallet.balance };
  }
  if (wallet.balance < need) return { reason: "insufficient_credits", balance: wallet.balance };
  return null;
}

async function callUpstream(price: PricedModel, body: Record<string, unknown>): Promise<Response> {
  const init = { method: "POST", headers: { "content-type": "application/json" } as Record<string, string>, body: JSON.stringify(body) };
  if (price.provider.baseUrl === null) return localModelHandler(new Request("http://local-model/v1/chat/completions", init));
  if (price.provider.apiKeyCiphertext) {
    const key = openApiKey(price.provider.apiKeyCiphertext);
    if (key) init.headers.authorization = `Bearer ${key}`;
  }
  return postUpstream(`${price.provider.baseUrl.replace(/\/+$/, "")}/chat/completions`, init.headers, init.body, 120_000);
}

/** An upstream refusal as our OpenAI-shaped error: 4xx keep their status, the rest is 502. */
async function upstreamError(res: Response): Promise<Response> {
  let message = `The model provider answered ${res.status}.`;
  let type = "upstream_error";
  let code: string | null = "upstream_error";
  try {
    const parsed = (await res.json()) as { error?: { message?: unknown; type?: unknown; code?: unknown } };
    if (parsed?.error && typeof parsed.error.message === "string") {
      message = parsed.error.message;
      if (typeof parsed.error.type === "string") type = parsed.error.type;
      code = typeof parsed.error.code === "string" ? parsed.error.code : null;
    }
  } catch {}
  const status = res.status >= 400 && res.status < 500 && (PROXY_ERROR_STATUSES as readonly number[]).includes(res.status) ? res.status : res.status < 500 ? 400 : 502;
  if (status === 502) return openAiError(502, message, "upstream_error", code ?? "upstream_error");
  return openAiError(status, message, type, code);
}

// the provider's bytes go out as they came: no-transform keeps the server from gzipping (and
// flushing zlib on every SSE chunk of) an answer it only passes through
const PASS_THROUGH_NO_STORE = "private, no-store, no-transform";

export type ProxyInput = {
  platform: ProxyPlatform;
  userId: string;
  price: PricedModel;
  body: Record<string, unknown>;
  /** the wallet as read with the price (undefined: read it here) */
  wallet?: WalletState | null;
  requestId?: string;
};

export async function proxyChat({ platform, userId, price, body, wallet, requestId = randomUUID() }: ProxyInput): Promise<Response> {
  const stream = body.stream === true;
  const blocked = await refusal(platform, userId, Math.max(price.minCredits, 1), wallet);
  if (blocked) return topUpAnswer({ model: price.model, stream, reason: blocked.reason, url: topUpUrl(platform.key), platformName: platform.name, balance: blocked.balance });

  // the end user's id stays here: the provider is asked for its model name only
  const { user: _user, ...rest } = body;
  void _user;
  const upstreamBody: Record<string, unknown> = { ...rest, model: price.upstreamModel ?? price.model };
  if (stream) upstreamBody.stream_options = { ...(typeof rest.stream_options === "object" ? rest.stream_options : {}), include_usage: true };

  let res: Response;
  try {
    res = await callUpstream(price, upstreamBody);
  } catch {
    return openAiError(502, "The model provider could not be reached.", "upstream_error", "upstream_unavailable");
  }
  if (!res.ok) return upstreamError(res);

  const charge = async (usage: Usage, estimated: boolean) => {
    const credits = creditsFor(price, usage.prompt_tokens, usage.completion_tokens);
    if (credits <= 0) return { charged: 0, balance: (await walletFor(platform.id, userId)).balance };
    const result = await debitWallet(platform.id, userId, "usage", credits, {
      partial: true,
      enforceCaps: true,
      sourceKey: `proxy:${requestId}`,
      reason: `Chat completion (${price.model})`,
      itemType: price.itemType,
      itemId: price.itemId,
      units: usage.prompt_tokens + usage.completion_tokens,
      metadata: { model: price.model, upstream_model: price.upstreamModel ?? price.model, prompt_tokens: usage.prompt_tokens, completion_tokens: usage.completion_tokens, ...(estimated ? { usage_estimated: true } : {}) },
    });
    return result.ok ? { charged: result.charged, balance: result.balance } : { charged: 0, balance: result.balance };
  };
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Messages;

  if (!stream) {
    const text = await res.text();
    let parsed: { usage?: Partial<Usage>; choices?: Array<{ message?: { content?: unknown } }> };
    try {
      parsed = JSON.parse(text);
    } catch {
      return openAiError(502, "The model provider sent an answer that is not JSON.", "upstream_error", "upstream_bad_response");
    }
    const u = parsed.usage;
    const known = u && Number.isSafeInteger(u.prompt_tokens) && Number.isSafeInteger(u.completion_tokens);
    const content = parsed.choices?.[0]?.message?.content;
    const usage = known ? (u as Usage) : { prompt_tokens: promptTokens(messages), completion_tokens: estimateTokens(typeof content === "string" ? content : "") };
    const { charged, balance } = await charge(usage, !known);
    return new Response(text, {
      status: 200,
      headers: { "content-type": "application/json", "cache-control": PASS_THROUGH_NO_STORE, "x-credits-charged": String(charged), "x-credits-balance": String(balance) },
    });
  }

  // SSE: forward the bytes as they come; read `usage` (and the text, for an estimate) on the side
  const decoder = new TextDecoder();
  let buffer = "";
  let usage: Usage | null = null;
  let content = "";
  const readLine = (line: string) => {
    if (!line.startsWith("data:")) return;
    const data = line.slice(5).trim();
    if (!data || data === "[DONE]") return;
    try {
      const chunk = JSON.parse(data) as { usage?: Partial<Usage> | null; choices?: Array<{ delta?: { content?: unknown } }> };
      if (chunk.usage && Number.isSafeInteger(chunk.usage.prompt_tokens) && Number.isSafeInteger(chunk.usage.completion_tokens)) usage = chunk.usage as Usage;
      for (const c of chunk.choices ?? []) if (typeof c.delta?.content === "string") content += c.delta.content;
    } catch {}
  };
  const meter = new TransformStream<Uint8Array, Uint8Array>({
    transform(bytes, controller) {
      controller.enqueue(bytes);
      buffer += decoder.decode(bytes, { stream: true });
      const lines = buffer.split(/\r?\n/);
      buffer = lines.pop() ?? "";
      lines.forEach(readLine);
    },
    async flush() {
      readLine(buffer + decoder.decode());
      const estimated = usage === null;
      await charge(usage ?? { prompt_tokens: promptTokens(messages), completion_tokens: estimateTokens(content) }, estimated).catch((error) => {
        console.error("[metering-proxy] charge after stream failed", error);
      });
    },
  });
  if (!res.body) return openAiError(502, "The model provider sent no stream.", "upstream_error", "upstream_bad_response");
  return new Response(res.body.pipeThrough(meter), {
    status: 200,
    headers: { "content-type": res.headers.get("content-type") ?? "text/event-stream", "cache-control": "no-cache, no-transform" },
  });
}
