import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { media } from "@/lib/api/contract";
import { withApi } from "@/lib/api/with-api";
import { compositeParams } from "@/lib/api/route-params";
import { ApiError, NotFoundError } from "@/lib/api/errors";
import { db } from "@/lib/db";
import { proxyChat } from "./proxy-chat";
import { chatCompletionSchema } from "./openai-schema";

// The item page's chat: the same metered completion as the proxy, for the signed-in user's own
// wallet, with the model price bound to the item.

export const itemChatInput = z
  .object({
    messages: z
      .array(z.object({ role: z.enum(["system", "user", "assistant"]), content: z.string().max(20_000) }))
      .min(1)
      .max(100),
    stream: z.boolean().default(false),
  })
  .meta({ id: "ItemChatInput" });

export const itemChat = withApi(
  {
    auth: "user",
    sessionOnly: true,
    scope: "item",
    params: compositeParams,
    body: itemChatInput,
    responses: {
      200: media(["application/json", "text/event-stream"], "The `chat.completion` (or SSE chunks with `stream: true`) the metering proxy answers.", chatCompletionSchema),
    },
    errors: [404, 429, 502],
    summary: "Chat with an item's agent",
    description:
      "Sends the conversation to the model priced for this item (a model price with this `item_type`/`item_id`) through the metering proxy and charges the signed-in user's wallet. " +
      "When the wallet cannot pay, the answer is the assistant's top-up message (header `X-Paywall-Reason`). 404 `not_found` when no model is priced for the item.",
    tags: ["metering-proxy"],
  },
  async ({ item, caller, body }) => {
    const price = await db.modelPrice.findFirst({
      where: { platformId: item.platform.id, itemType: item.itemType, itemId: item.itemId, isActive: true },
      include: { provider: true },
      orderBy: { createdAt: "asc" },
    });
    if (!price) throw new NotFoundError("No model is priced for this item.");
    const res = await proxyChat({ platform: item.platform, userId: caller.user.id, price, body: { model: price.model, messages: body.messages, stream: body.stream }, requestId: randomUUID() });
    if (res.ok) return res;
    // the browser speaks {detail, code}: a provider failure becomes ours
    const failed = (await res.json().catch(() => null)) as { error?: { message?: string; code?: string | null } } | null;
    const status = res.status === 429 ? 429 : 502;
    throw new ApiError(status, failed?.error?.message ?? "The model provider failed.", {}, failed?.error?.code ?? "upstream_error");
  },
);
