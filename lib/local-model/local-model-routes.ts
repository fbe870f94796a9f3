import "server-only";
import { media } from "@/lib/api/contract";
import { withApi } from "@/lib/api/with-api";
import { chatCompletionSchema, modelListSchema, openAiErrorSchema } from "@/lib/metering-proxy/openai-schema";
import { localChatCompletion, localModels as listLocalModels } from "./local-model";

// The Local model over HTTP (a dev stand-in for an OpenAI-compatible provider; public, no key).

const errorMedia = media(["application/json"], "An OpenAI-shaped error `{error: {message, type, param, code}}`.", openAiErrorSchema);

export const localChatCompletions = withApi(
  {
    auth: "public",
    responses: { 200: media(["application/json", "text/event-stream"], "A `chat.completion`, or SSE `chat.completion.chunk` events with `stream: true`.", chatCompletionSchema), 400: errorMedia },
    summary: "Local model: chat completion",
    description:
      "The built-in Local model (the Calculus Tutor): an OpenAI-compatible stand-in that answers deterministically, streams with `stream: true` " +
      "(a usage chunk with `stream_options.include_usage`) and reports token usage estimated at ~4 characters per token. For development and the demo; no key needed.",
    tags: ["metering-proxy"],
  },
  async ({ req }) => localChatCompletion(req),
);

export const localModels = withApi(
  { auth: "public", responses: { 200: modelListSchema }, summary: "Local model: models", tags: ["metering-proxy"] },
  async () => listLocalModels(),
);
