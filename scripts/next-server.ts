// The production HTTP server `npm start` runs: Next.js behind a plain Node server that stamps
// each request with its socket's peer address, the one client address no client can forge.
// Rate limits use it unless TRUSTED_PROXY_HOPS says proxies of our own sit in front.
import http from "node:http";
import next from "next";
import { PEER_ADDRESS_HEADER } from "@/lib/security/client-ip";
import { stopDecisionCounter } from "@/lib/insights/counter-global";

const port = Number(process.env.PORT || 3000);
const app = next({ dev: false, dir: process.cwd(), port });
const handle = app.getRequestHandler();
await app.prepare();

const BARE_API_ERRORS: Record<number, [string, string]> = {
  405: ["Method not allowed.", "method_not_allowed"],
  404: ["Not found.", "not_found"],
};

/**
 * Next.js answers a method a route does not export with a bodiless 405; clients of a JSON API
 * get `{detail, code}` instead. Decided when the headers go out (whichever call sends them), and
 * only for answers under /api that carry no content type of their own.
 */
function jsonForBareApiErrors(req: http.IncomingMessage, res: http.ServerResponse) {
  if (!req.url?.startsWith("/api")) return;
  let replacement: string | null = null;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const status = typeof args[0] === "number" ? args[0] : res.statusCode;
    const bare = BARE_API_ERRORS[status];
    if (bare && !res.getHeader("content-type")) {
      replacement = JSON.stringify({ detail: bare[0], code: bare[1] });
      res.setHeader("content-type", "application/json");
    }
    return writeHead(...args);
  }) as typeof res.writeHead;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  res.write = ((...args: unknown[]) => {
    if (!res.headersSent) res.writeHead(res.statusCode);
    return replacement === null ? write(...args) : true;
  }) as typeof res.write;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.end = ((...args: unknown[]) => {
    if (!res.headersSent) res.writeHead(res.statusCode);
    if (replacement === null) return end(...args);
    return end(req.method === "HEAD" ? undefined : replacement);
  }) as typeof res.end;
}

const server = http.createServer((req, res) => {
  // replaces whatever the client sent under this name
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
  jsonForBareApiErrors(req, res);
  void handle(req, res);
});
// a slow client may not hold a connection open forever
server.headersTimeout = 20_000;
server.requestTimeout = 60_000;
server.listen(port, () => console.log(`▲ Tollgate ready on http://localhost:${port}`));

// the access-decision counts still in memory are written before the process ends
const stop = () => server.close(() => void stopDecisionCounter().finally(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
