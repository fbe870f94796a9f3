import { describe, expect, it } from "vitest";
import OpenAI from "openai";
import { estimateTokens, localModelHandler, promptTokens } from "@/lib/local-model/local-model";
import * as chatRoute from "@/app/api/local-model/v1/chat/completions/route";
import * as modelsRoute from "@/app/api/local-model/v1/models/route";
import { call } from "./support/http";

const client = new OpenAI({ apiKey: "none", baseURL: "http://local-model/v1", fetch: (url, init) => localModelHandler(new Request(url, init)) });
const ask = (content: string) => [{ role: "user" as const, content }];

describe("Local model", () => {
  it("answers the same question the same way, with the power rule for x^2", async () => {
    const a = await client.chat.completions.create({ model: "calculus-tutor", messages: ask("What is the derivative of x^2?") });
    const b = await client.chat.completions.create({ model: "calculus-tutor", messages: ask("What is the derivative of x^2?") });
    expect(a).toEqual(b);
    expect(a.choices[0].message.content).toContain("2x");
    expect(a.choices[0].finish_reason).toBe("stop");
    const other = await client.chat.completions.create({ model: "calculus-tutor", messages: ask("Explain limits") });
    expect(other.choices[0].message.content).toContain('You asked: "Explain limits"');
  });

  it("reports usage of ~4 characters per token over all messages", async () => {
    const messages = [
      { role: "system" as const, content: "You are a tutor." },
      { role: "user" as const, content: "What is the derivative of x^3?" },
    ];
    const res = await client.chat.completions.create({ model: "calculus-tutor", messages });
    const content = res.choices[0].message.content!;
    expect(res.usage).toEqual({
      prompt_tokens: promptTokens(messages),
      completion_tokens: estimateTokens(content),
      total_tokens: promptTokens(messages) + estimateTokens(content),
    });
    // 3 priming + per message 4 + role + content
    expect(promptTokens(messages)).toBe(3 + (4 + 2 + 4) + (4 + 1 + 8));
  });

  it("streams chunks that add up to the non-streamed answer, then usage and [DONE]", async () => {
    const full = await client.chat.completions.create({ model: "calculus-tutor", messages: ask("derivative of x^2") });
    const stream = await client.chat.completions.create({ model: "calculus-tutor", messages: ask("derivative of x^2"), stream: true, stream_options: { include_usage: true } });
    let text = "";
    let finish: string | null = null;
    let usage: unknown = null;
    for await (const chunk of stream) {
      expect(chunk.object).toBe("chat.completion.chunk");
      for (const c of chunk.choices) {
        text += c.delta.content ?? "";
        finish = c.finish_reason ?? finish;
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe(full.choices[0].message.content);
    expect(finish).toBe("stop");
    expect(usage).toEqual(full.usage);

    const raw = await localModelHandler(
      new Request("http://x/v1/chat/completions", { method: "POST", body: JSON.stringify({ model: "m", messages: ask("hi"), stream: true }) }),
    );
    expect(raw.headers.get("content-type")).toContain("text/event-stream");
    const lines = (await raw.text()).split("\n\n").filter(Boolean);
    expect(lines.every((l) => l.startsWith("data: "))).toBe(true);
    expect(lines.at(-1)).toBe("data: [DONE]");
    // without include_usage no usage chunk
    expect(lines.some((l) => l.includes('"usage"'))).toBe(false);
  });

  it("answers OpenAI-shaped 400s for a bad body, over HTTP too", async () => {
    const bad = await call(chatRoute.POST, { method: "POST", rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatchObject({ type: "invalid_request_error" });
    const noMessages = await call(chatRoute.POST, { method: "POST", body: { model: "calculus-tutor" } });
    expect(noMessages.status).toBe(400);
    expect(noMessages.json.error.param).toBe("messages");
    await expect(client.chat.completions.create({ model: "", messages: ask("x") })).rejects.toMatchObject({ status: 400 });
  });

  it("lists its model", async () => {
    const res = await call(modelsRoute.GET, {});
    expect(res.status).toBe(200);
    expect(res.json.data.map((m: { id: string }) => m.id)).toEqual(["calculus-tutor"]);
  });
});
