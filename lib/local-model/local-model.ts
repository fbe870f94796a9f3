// The built-in Local model: an OpenAI-compatible stand-in that answers deterministically, streams
// and reports token usage, so the demo agent and the tests need no network (like Local Stripe).

export const LOCAL_MODELS = ["calculus-tutor"] as const;
const CREATED = 1_764_633_600; // fixed, so answers are byte-for-byte reproducible

type Message = { role: string; content: unknown };

/** ~4 characters per token, at least one token for non-empty text. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === "object" && "text" in p ? String((p as { text: unknown }).text) : "")).join("");
  return "";
}

/** Prompt tokens: each message's content plus a small per-message role overhead, and the reply priming. */
export function promptTokens(messages: Message[]): number {
  return messages.reduce((sum, m) => sum + 4 + estimateTokens(m.role) + estimateTokens(textOf(m.content)), 3);
}

const DERIVATIVES: Array<[RegExp, (m: RegExpMatchArray) => string]> = [
  [/derivative of\s*x\s*\^\s*(\d+)/i, (m) => {
    const n = Number(m[1]);
    return `Using the power rule d/dx x^n = n·x^(n-1): the derivative of x^${n} is ${n === 1 ? "1" : n === 2 ? "2x" : `${n}x^${n - 1}`}.`;
  }],
  [/derivative of\s*sin\s*\(?\s*x\s*\)?/i, () => "The derivative of sin(x) is cos(x)."],
  [/derivative of\s*cos\s*\(?\s*x\s*\)?/i, () => "The derivative of cos(x) is -sin(x)."],
  [/derivative of\s*e\s*\^\s*x/i, () => "The derivative of e^x is e^x itself."],
  [/integral of\s*x\s*\^\s*(\d+)/i, (m) => {
    const n = Number(m[1]);
    return `Using the power rule for integrals: ∫ x^${n} dx = x^${n + 1}/${n + 1} + C.`;
  }],
];

/** The Calculus Tutor's answer to the last user message. */
export function tutorReply(messages: Message[]): string {
  const last = [...messages].reverse().find((m) => m.role === "user");
  const question = last ? textOf(last.content).trim() : "";
  for (const [pattern, answer] of DERIVATIVES) {
    const m = question.match(pattern);
    if (m) return `Calculus Tutor here. ${answer} Want to try another one?`;
  }
  const q = question.length > 200 ? `${question.slice(0, 200)}…` : question;
  return [
    `Calculus Tutor here. You asked: "${q || "(nothing)"}".`,
    "Step 1: name the function and the variable.",
    "Step 2: pick the rule that fits (power, product, quotient or chain rule).",
    "Step 3: apply it term by term and simplify.",
    "Tell me the exact expression and I will work through it with you.",
  ].join("\n");
}

function oaiError(status: number, message: string, type: string, code: string | null, param: string | null = null) {
  return Response.json({ error: { message, type, param, code }, detail: message, code: code ?? type }, { status });
}

/** Splits a reply into stream pieces (words with their following space). */
function pieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function completionId(messages: Message[], model: string): string {
  // deterministic: a small hash of the request
  let h = 2166136261;
  for (const ch of JSON.stringify([model, messages])) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return `chatcmpl-local${h.toString(16).padStart(8, "0")}`;
}

/** `GET /v1/models`. */
export function localModels(): Response {
  return Response.json({ object: "list", data: LOCAL_MODELS.map((id) => ({ id, object: "model", created: CREATED, owned_by: "tollgate-local" })) });
}

/** `POST /v1/chat/completions` and `GET /v1/models` of the Local model, routed by path. */
export async function localModelHandler(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  if (req.method === "GET" && path.endsWith("/models")) return localModels();
  if (req.method !== "POST" || !path.endsWith("/chat/completions")) return oaiError(404, `Unknown path ${req.method} ${path}.`, "invalid_request_error", "not_found");
  return localChatCompletion(req);
}

/** `POST /v1/chat/completions`. */
export async function localChatCompletion(req: Request): Promise<Response> {
  let body: Record<string, unknown>;
  try {
    body = (await req.json()) as Record<string, unknown>;
  } catch {
    return oaiError(400, "The body is not valid JSON.", "invalid_request_error", "invalid_json");
  }
  if (!body || typeof body !== "object") return oaiError(400, "The body must be a JSON object.", "invalid_request_error", "invalid_body");
  const model = typeof body.model === "string" && body.model ? body.model : null;
  if (!model) return oaiError(400, "you must provide a model parameter", "invalid_request_error", null, "model");
  const messages = body.messages;
  if (!Array.isArray(messages) || messages.length === 0 || messages.some((m) => !m || typeof m !== "object" || typeof (m as Message).role !== "string")) {
    return oaiError(400, "'messages' must be a non-empty array of {role, content}.", "invalid_request_error", null, "messages");
  }
  const msgs = messages as Message[];
  const reply = tutorReply(msgs);
  const usage = { prompt_tokens: promptTokens(msgs), completion_tokens: estimateTokens(reply), total_tokens: 0 };
  usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  const id = completionId(msgs, model);

  if (body.stream !== true) {
    return Response.json({
      id,
      object: "chat.completion",
      created: CREATED,
      model,
      choices: [{ index: 0, message: { role: "assistant", content: reply, refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage,
    });
  }
  const includeUsage = !!(body.stream_options && typeof body.stream_options === "object" && (body.stream_options as { include_usage?: unknown }).include_usage === true);
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created: CREATED, model, choices, ...extra })}\n\n`;
  const lines = [chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }])];
  for (const p of pieces(reply)) lines.push(chunk([{ index: 0, delta: { content: p }, logprobs: null, finish_reason: null }]));
  lines.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]));
  if (includeUsage) lines.push(chunk([], { usage }));
  lines.push("data: [DONE]\n\n");
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const l of lines) controller.enqueue(enc.encode(l));
      controller.close();
    },
  });
  return new Response(stream, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } });
}
