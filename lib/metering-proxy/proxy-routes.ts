import "server-only";
import { randomUUID } from "node:crypto";
import type { NextRequest } from "next/server";
import { media } from "@/lib/api/contract";
import { withApi } from "@/lib/api/with-api";
import { ApiError } from "@/lib/api/errors";
import type { Caller } from "@/lib/auth/caller";
import { db } from "@/lib/db";
import type { Platform } from "@/lib/db";
import { ADMIN_ROLES, roleOnPlatform } from "@/lib/platforms/platform-access";
import { resolveWalletUser } from "@/lib/wallets/wallet-user";
import { openAiError, PROXY_ERROR_STATUSES } from "./openai-error";
import { chatCompletionSchema, modelListSchema, openAiErrorSchema } from "./openai-schema";
import { proxyChat } from "./proxy-chat";
import { proxyContext } from "./proxy-context";

// The OpenAI-compatible surface. Errors here are OpenAI-shaped ({error: {...}}), not {detail, code},
// because the callers are OpenAI SDKs; withApi still runs the route (CORS, no-store, contract).

const errorMedia = media(["application/json"], "An OpenAI-shaped error `{error: {message, type, param, code}}`.", openAiErrorSchema);
const errorResponses = Object.fromEntries(PROXY_ERROR_STATUSES.map((s) => [s, errorMedia])) as Record<(typeof PROXY_ERROR_STATUSES)[number], typeof errorMedia>;

class ProxyRefusal extends Error {
  constructor(readonly response: Response) {
    super("proxy refusal");
  }
}

const forbidden = () => openAiError(403, "The token's user must be an owner or admin of its platform.", "permission_error", "forbidden");

/** The caller, when they came with a platform API token (else 401). */
function tokenCaller(caller: Caller | null, req: NextRequest): Caller & { tokenPlatformId: string } {
  if (!caller || caller.via !== "token" || !caller.tokenPlatformId) {
    const msg = req.headers.get("authorization") ? "Invalid or revoked API token." : "Send `Authorization: Bearer <platform API token>`.";
    throw new ProxyRefusal(openAiError(401, msg, "invalid_request_error", "invalid_api_key"));
  }
  return caller as Caller & { tokenPlatformId: string };
}

/** The platform of the caller's API token, when the token's user administers it. */
async function tokenPlatform(anyCaller: Caller | null, req: NextRequest): Promise<Platform> {
  const caller = tokenCaller(anyCaller, req);
  const platform = await db.platform.findUnique({ where: { id: caller.tokenPlatformId } });
  const role = platform ? await roleOnPlatform(caller, platform) : null;
  if (!platform || !role || !ADMIN_ROLES.includes(role)) {
    throw new ProxyRefusal(forbidden());
  }
  return platform;
}

/** The body of a chat completion request, or the OpenAI-shaped 4xx that refuses it. */
async function chatRequest(req: NextRequest): Promise<Response | { body: Record<string, unknown>; model: string; ref: string }> {
  const text = await req.text();
  // a conversation is text: 4 MB is far beyond any context window
  if (text.length > 4_000_000) return openAiError(413, "The request body is too large.", "invalid_request_error", "request_too_large");
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return openAiError(400, "The body is not valid JSON.", "invalid_request_error", "invalid_request");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) return openAiError(400, "The body must be a JSON object.", "invalid_request_error", "invalid_request");
  if (typeof body.model !== "string" || !body.model) return openAiError(400, "you must provide a model parameter", "invalid_request_error", "invalid_request");
  if (!Array.isArray(body.messages) || body.messages.length === 0) return openAiError(400, "'messages' must be a non-empty array.", "invalid_request_error", "invalid_request");
  const ref = (typeof body.user === "string" && body.user) || req.headers.get("x-paywall-user");
  if (!ref) return openAiError(400, "Name the end user in the body's `user` or the `X-Paywall-User` header.", "invalid_request_error", "user_required");
  return { body, model: body.model, ref };
}

async function guarded(run: () => Promise<Response>): Promise<Response> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ProxyRefusal) return error.response;
    if (error instanceof ApiError && (PROXY_ERROR_STATUSES as readonly number[]).includes(error.status)) {
      return openAiError(error.status, error.detail, "invalid_request_error", error.code);
    }
    throw error;
  }
}

const DESCRIPTION =
  "OpenAI-compatible chat completions metered against the end user's wallet. `Authorization: Bearer <platform API token>` (the token's user administers the platform); " +
  "the end user is the body's `user` or the `X-Paywall-User` header (a Tollgate user id or the platform's external id, mapped on first use). " +
  "`model` names a model price of the platform. Balance and spend caps are checked before the provider is called; a user who cannot pay gets a normal answer " +
  "(200, `finish_reason: \"stop\"`, zero usage) whose message carries the top-up link, with header `X-Paywall-Reason: insufficient_credits | spend_cap_reached`. " +
  "Otherwise the provider's answer (JSON or SSE with `stream: true`) is passed through unchanged, its `usage` is metered and the wallet is charged once: " +
  "max(min_credits, ceil((prompt·prompt_price + completion·completion_price)/1000 · (1 + markup_bps/10000))). Non-streaming answers carry `X-Credits-Charged` and `X-Credits-Balance`. " +
  "Nothing is charged when the provider fails: network failures and provider 5xx answer 502 `upstream_unavailable`/`upstream_error`, provider 4xx keep their status. " +
  "All errors are OpenAI-shaped `{error: {message, type, param, code}}`: 401 `invalid_api_key`, 403 `forbidden`, 404 `model_not_found`, 400 `invalid_request`.";

export const chatCompletions = withApi(
  {
    auth: "public",
    responses: { 200: media(["application/json", "text/event-stream"], "A `chat.completion` object, or with `stream: true` server-sent `chat.completion.chunk` events ending in `data: [DONE]`.", chatCompletionSchema), ...errorResponses },
    summary: "Chat completion through the metering proxy",
    description: DESCRIPTION,
    tags: ["metering-proxy"],
  },
  async ({ req, caller }) =>
    guarded(async () => {
      const token = tokenCaller(caller, req);
      const parsed = await chatRequest(req);
      if (parsed instanceof Response) {
        // a token that may not use the proxy at all hears 403 before any complaint about the body
        await tokenPlatform(token, req);
        return parsed;
      }
      const { body, model, ref } = parsed;
      const ctx = await proxyContext({ platformId: token.tokenPlatformId, tokenUserId: token.user.id, isOperator: token.isOperator, model, ref });
      if (!ctx || !ctx.isAdmin) return forbidden();
      const { platform, price } = ctx;
      if (!price || !price.isActive) return openAiError(404, `The model \`${model}\` does not exist or you do not have access to it.`, "invalid_request_error", "model_not_found");
      // an end user seen for the first time is mapped (and gets a wallet) off the fast path
      const known = ctx.userId !== null && ref.length <= 200;
      const userId = known ? ctx.userId! : (await resolveWalletUser(platform.id, ref, { create: true })).userId;
      return proxyChat({ platform, userId, price, body, wallet: known ? ctx.wallet : undefined, requestId: randomUUID() });
    }),
);

export const listModels = withApi(
  {
    auth: "public",
    responses: { 200: modelListSchema, ...errorResponses },
    summary: "Models of the metering proxy",
    description: "The models the platform has priced (OpenAI `GET /models` shape). `Authorization: Bearer <platform API token>`.",
    tags: ["metering-proxy"],
  },
  async ({ req, caller }) =>
    guarded(async () => {
      const platform = await tokenPlatform(caller, req);
      const prices = await db.modelPrice.findMany({ where: { platformId: platform.id, isActive: true }, orderBy: { model: "asc" } });
      return Response.json({
        object: "list",
        data: prices.map((p) => ({ id: p.model, object: "model", created: Math.floor(p.createdAt.getTime() / 1000), owned_by: platform.key })),
      });
    }),
);
