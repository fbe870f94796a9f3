import "server-only";
import http from "node:http";
import https from "node:https";

// The proxy's POST to a provider over node:http(s) with kept-alive connections: a fraction of
// what global fetch costs per request (and it skips the framework's fetch instrumentation), and
// the answer still comes back as a web Response whose body streams chunk by chunk, unbuffered.
// No redirects are followed and no compression is asked for: the bytes are passed on as sent.

const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
const NO_BODY = new Set([204, 205, 304]);

export function postUpstream(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<Response> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const client = target.protocol === "https:" ? https : target.protocol === "http:" ? http : null;
    if (!client) return reject(new Error(`unsupported protocol ${target.protocol}`));
    let settled = false;
    const req = client.request(target, {
      method: "POST",
      agent: agents[target.protocol as keyof typeof agents],
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
    });
    // the whole exchange, answer body included, as fetch's AbortSignal.timeout bounded it
    const timer = setTimeout(() => req.destroy(new Error("upstream timeout")), timeoutMs);
    req.on("error", (error) => {
      clearTimeout(timer);
      if (!settled) reject(error);
    });
    req.on("response", (msg) => {
      settled = true;
      const status = msg.statusCode && msg.statusCode >= 200 && msg.statusCode <= 599 ? msg.statusCode : 502;
      const responseHeaders = new Headers();
      const type = msg.headers["content-type"];
      if (type) responseHeaders.set("content-type", type);
      if (NO_BODY.has(status)) {
        clearTimeout(timer);
        msg.resume();
        return resolve(new Response(null, { status, headers: responseHeaders }));
      }
      let done = false;
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const finish = (error?: Error) => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            if (error) controller.error(error);
            else controller.close();
          };
          msg.on("data", (chunk: Buffer) => {
            if (done) return;
            controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
            if ((controller.desiredSize ?? 1) <= 0) msg.pause();
          });
          msg.on("end", () => finish());
          msg.on("error", (error) => finish(error));
          // a connection cut (or the timeout) before the end is an error, not a short answer
          msg.on("close", () => finish(msg.complete ? undefined : new Error("upstream closed the answer early")));
        },
        pull() {
          msg.resume();
        },
        cancel() {
          done = true;
          clearTimeout(timer);
          msg.destroy();
        },
      });
      resolve(new Response(stream, { status, headers: responseHeaders }));
    });
    req.end(body);
  });
}
