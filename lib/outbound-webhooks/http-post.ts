import "server-only";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import type { CheckedDestination } from "./destination";

// One POST to a checked destination: the socket goes to the address that was checked (the Host
// header and TLS name stay the URL's host), no redirects are followed, the whole exchange is
// bounded by a timeout and only the start of the answer is kept.

export const DELIVERY_TIMEOUT_MS = 10_000;
export const EXCERPT_BYTES = 1024;
export const USER_AGENT = "Tollgate-Webhooks/1";

export type PostResult = { status: number | null; excerpt: string | null; error: string | null; durationMs: number };

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as unknown as LookupFunction;
}

export function postJson(dest: CheckedDestination, body: string, headers: Record<string, string>, timeoutMs = DELIVERY_TIMEOUT_MS): Promise<PostResult> {
  const started = Date.now();
  const lib = dest.url.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: Omit<PostResult, "durationMs">) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...r, durationMs: Date.now() - started });
    };
    const req = lib.request(
      dest.url,
      {
        method: "POST",
        headers: {
          ...headers,
          "content-type": "application/json",
          "user-agent": USER_AGENT,
          "content-length": String(Buffer.byteLength(body)),
        },
        lookup: pinnedLookup(dest.address, dest.family),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        res.on("data", (chunk: Buffer) => {
          if (kept < EXCERPT_BYTES) {
            chunks.push(chunk.subarray(0, EXCERPT_BYTES - kept));
            kept += Math.min(chunk.length, EXCERPT_BYTES - kept);
          } else {
            // enough for the log: stop reading a large answer
            res.destroy();
          }
        });
        const finish = () => done({ status: res.statusCode ?? null, excerpt: excerptOf(Buffer.concat(chunks)), error: null });
        res.on("end", finish);
        res.on("close", finish);
        res.on("error", finish);
      },
    );
    const timer = setTimeout(() => {
      req.destroy(new Error(`No answer within ${Math.round(timeoutMs / 1000)} s.`));
    }, timeoutMs);
    req.on("error", (e) => done({ status: null, excerpt: null, error: e.message.slice(0, 500) || "Request failed." }));
    req.end(body);
  });
}

/** The kept bytes as text, without a broken trailing UTF-8 sequence or NUL bytes. */
function excerptOf(buf: Buffer): string | null {
  if (!buf.length) return null;
  return buf.toString("utf8").replace(/\uFFFD+$/, "").replace(/\u0000/g, "");
}
