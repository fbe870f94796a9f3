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

const server = http.createServer((req, res) => {
  // replaces whatever the client sent under this name
  req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "unknown";
  void handle(req, res);
});
// a slow client may not hold a connection open forever
server.headersTimeout = 20_000;
server.requestTimeout = 60_000;
server.listen(port, () => console.log(`▲ Tollgate ready on http://localhost:${port}`));

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
