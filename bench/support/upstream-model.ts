// A tiny OpenAI-compatible upstream for benchmark 6: `POST /v1/chat/completions`, JSON or SSE
// (`stream: true`, ending in `data: [DONE]`), with `usage`, answering at once — so the time a
// request takes through the metering proxy minus the time it takes here is the proxy's own.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type UpstreamModel = { url: string; requests: () => number; stop: () => Promise<void> };

const WORDS = ["The", " derivative", " of", " x", "^2", " is", " 2x", ":", " the", " power", " rule", "."];

function completion(model: string, id: string, created: number) {
  return {
    id,
    object: "chat.completion",
    created,
    model,
    choices: [{ index: 0, message: { role: "assistant", content: WORDS.join(""), refusal: null }, logprobs: null, finish_reason: "stop" }],
    usage: { prompt_tokens: 24, completion_tokens: WORDS.length, total_tokens: 24 + WORDS.length },
  };
}

function sse(model: string, id: string, created: number, includeUsage: boolean): string[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices, ...extra })}\n\n`;
  const out = [chunk([{ index: 0, delta: { role: "assistant", content: "" }, logprobs: null, finish_reason: null }])];
  for (const w of WORDS) out.push(chunk([{ index: 0, delta: { content: w }, logprobs: null, finish_reason: null }]));
  out.push(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: "stop" }]));
  if (includeUsage) out.push(chunk([], { usage: { prompt_tokens: 24, completion_tokens: WORDS.length, total_tokens: 24 + WORDS.length } }));
  out.push("data: [DONE]\n\n");
  return out;
}

/** Starts the upstream on 127.0.0.1 (a free port); its OpenAI base URL is `${url}/v1`. */
export async function startUpstreamModel(): Promise<UpstreamModel> {
  let count = 0;
  let seq = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.method !== "POST" || !req.url?.startsWith("/v1/chat/completions")) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error", param: null, code: null } }));
        return;
      }
      count++;
      let body: { model?: string; stream?: boolean; stream_options?: { include_usage?: boolean } } = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch {}
      const model = body.model ?? "bench-upstream";
      const id = `chatcmpl-bench${++seq}`;
      const created = Math.floor(Date.now() / 1000);
      if (body.stream) {
        res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
        // one write per chunk, as a provider flushes each token
        for (const c of sse(model, id, created, body.stream_options?.include_usage === true)) res.write(c);
        res.end();
        return;
      }
      const text = JSON.stringify(completion(model, id, created));
      res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
      res.end(text);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
