import { z } from "zod";

// OpenAI wire shapes as the proxy and the Local model answer them (providers may add fields, so
// the objects are open).

export const openAiErrorSchema = z
  .object({
    error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() }),
    detail: z.string().meta({ description: "The same message, as every error body of the API carries it." }),
    code: z.string().meta({ description: "`error.code` (or `error.type` when it has none)." }),
  })
  .meta({ id: "OpenAIError" });

export const chatCompletionSchema = z
  .looseObject({ id: z.string(), object: z.string(), created: z.number(), model: z.string(), choices: z.array(z.looseObject({})) })
  .meta({ id: "ChatCompletion", description: "An OpenAI `chat.completion` object (with `usage`)." });

export const modelListSchema = z
  .object({ object: z.literal("list"), data: z.array(z.object({ id: z.string(), object: z.literal("model"), created: z.number(), owned_by: z.string() })) })
  .meta({ id: "ModelList" });
