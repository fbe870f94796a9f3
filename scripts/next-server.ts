// The production HTTP server `npm start` runs: Next.js behind a plain Node server that stamps
// each request with its socket's peer address, the one client address no client can forge.
// Rate limits use it unless TRUSTED_PROXY_HOPS says proxies of our own sit in front.
import http from "node:http";
import next from "next";
import { PEER_ADDRESS_HEADER } from "@/lib/security/client-ip";

const port = Number(process.env.PORT || 3000);
const app = next({ dev: false, dir: process.cwd(), port });
const handle = app.getRequestHandler();
await app.prepare();

const BARE_API_ERRORS: Record<number, [string, string]> = {
  405: ["Method not allowed.", "method_not_allowed"],
  404: ["Not found.", "not_found"],
};

/**
 * Next.js answers a method a route does not export with an empty 405; clients of a JSON API get
 * `{detail, code}` instead. Only bodiless answers under /api are touched.
 */
function jsonForBareApiErrors(req: http.IncomingMessage, res: http.ServerResponse) {
  if (!req.url?.startsWith("/api")) return;
  const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
  res.end = ((...args: unknown[]) => {
    const bare = BARE_API_ERRORS[res.statusCode];
    const empty = args.length === 0 || args[0] == null || typeof args[0] === "function" || (args[0] as { length?: number }).length === 0;
    if (bare && empty && !res.headersSent && !res.getHeader("content-type")) {
      const body = JSON.stringify({ detail: bare[0], code: bare[1] });
      res.setHeader("content-type", "application/json");
      res.setHeader("content-length", Buffer.byteLength(body));
      return end(req.method === "HEAD" ? undefined : body);
    }
    return end(...args);
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

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
