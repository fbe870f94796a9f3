import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import type { Socket } from "node:net";
import { App } from "./app.js";
import { Router } from "./router.js";
import { Params } from "./params.js";
import { parseForm } from "./form.js";
import { StripeApiError } from "./errors.js";
import { Idempotency } from "./idempotency.js";
import { expand } from "./expand.js";
import { readBody, sendJson } from "./http.js";
import { newId, randomToken } from "./ids.js";
import { writeAtomic } from "./store.js";
import { API_VERSION } from "./events.js";
import type { Ctx } from "./context.js";
import { registerResources, ensurePlatformAccount } from "./resources/index.js";
import { handleControl } from "./controls.js";
import { handlePage } from "./pages/index.js";
import { startScheduler } from "./clock.js";

export interface LocalStripeOptions {
  /** 0 picks a random free port. */
  port?: number;
  dataDir: string;
  webhookUrl?: string;
  connectWebhookUrl?: string;
  webhookSecret?: string;
  connectWebhookSecret?: string;
  /** Origin used in hosted page URLs; defaults to http://127.0.0.1:PORT. */
  publicUrl?: string;
}

export interface LocalStripe {
  url: string;
  port: number;
  close(): Promise<void>;
  /** In-process access for tests and embedding. */
  app: App;
}

interface Secrets {
  platform_webhook_secret: string;
  connect_webhook_secret: string;
  platform_account: string;
}

/** Generated once and kept across restarts and resets. */
function loadSecrets(dir: string): Secrets {
  const file = path.join(dir, "secrets.json");
  let current: Partial<Secrets> = {};
  if (fs.existsSync(file)) {
    try {
      current = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<Secrets>;
    } catch {
      current = {};
    }
  }
  const secrets: Secrets = {
    platform_webhook_secret: current.platform_webhook_secret ?? `whsec_${crypto.randomBytes(24).toString("hex")}`,
    connect_webhook_secret: current.connect_webhook_secret ?? `whsec_${crypto.randomBytes(24).toString("hex")}`,
    platform_account: current.platform_account ?? `acct_${randomToken(16)}`,
  };
  if (JSON.stringify(secrets) !== JSON.stringify(current)) writeAtomic(file, JSON.stringify(secrets, null, 2));
  return secrets;
}

function apiError(res: http.ServerResponse, err: StripeApiError, headers: Record<string, string>): string {
  return sendJson(res, err.status, err.toJSON(), headers);
}

/** Accepts `Bearer sk_test_…` or HTTP basic auth with the key as user name. */
function apiKey(req: http.IncomingMessage): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const [scheme, value = ""] = h.split(" ", 2);
  if (scheme.toLowerCase() === "bearer") return value.trim();
  if (scheme.toLowerCase() === "basic") {
    return Buffer.from(value, "base64").toString("utf8").split(":")[0];
  }
  return "";
}

export async function startLocalStripe(opts: LocalStripeOptions): Promise<LocalStripe> {
  const dir = path.join(path.resolve(opts.dataDir), "local-stripe");
  fs.mkdirSync(dir, { recursive: true });
  const secrets = loadSecrets(dir);
  const app = new App({
    dir,
    publicUrl: opts.publicUrl ?? "",
    webhookUrl: opts.webhookUrl ?? "http://localhost:3000/api/webhooks/stripe",
    connectWebhookUrl: opts.connectWebhookUrl ?? "http://localhost:3000/api/webhooks/stripe/connect",
    secrets: {
      platform: opts.webhookSecret || secrets.platform_webhook_secret,
      connect: opts.connectWebhookSecret || secrets.connect_webhook_secret,
    },
    platformAccount: secrets.platform_account,
  });
  ensurePlatformAccount(app);

  const api = new Router();
  registerResources(api);
  const idempotency = new Idempotency(app.store);
  const held = new Set<http.ServerResponse>();

  async function handleApi(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const requestId = newId("req", 14);
    const headers: Record<string, string> = { "request-id": requestId, "stripe-version": API_VERSION };
    const fault = app.faults.take(url.pathname);
    if (fault?.status === "timeout") {
      // never answered: the client's own timeout fires
      held.add(res);
      res.on("close", () => held.delete(res));
      return;
    }
    if (fault) {
      apiError(res, new StripeApiError(500, "api_error", "An unknown error occurred (injected fault)."), headers);
      return;
    }
    const key = apiKey(req);
    if (key === null) {
      apiError(
        res,
        new StripeApiError(401, "invalid_request_error", "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY')."),
        headers,
      );
      return;
    }
    if (!/^(sk|rk)_test_\w+$/.test(key)) {
      const shown = key.length > 8 ? `${key.slice(0, 8)}${"*".repeat(Math.max(0, key.length - 12))}${key.slice(-4)}` : key;
      apiError(res, new StripeApiError(401, "invalid_request_error", `Invalid API Key provided: ${shown}`, "api_key_invalid"), headers);
      return;
    }
    const method = (req.method ?? "GET").toUpperCase();
    let body = "";
    try {
      body = await readBody(req);
    } catch {
      apiError(res, new StripeApiError(400, "invalid_request_error", "Request body too large."), headers);
      return;
    }
    const raw = { ...parseForm(url.search.slice(1)), ...(method === "POST" ? parseForm(body) : {}) };
    const params = new Params(raw);

    const acctHeader = req.headers["stripe-account"];
    const platform = app.config.platformAccount;
    let account = platform;
    if (typeof acctHeader === "string" && acctHeader && acctHeader !== platform) {
      const e = app.store.entry(acctHeader);
      if (!e || e.type !== "account") {
        apiError(
          res,
          new StripeApiError(
            403,
            "invalid_request_error",
            `The provided key '${key.slice(0, 8)}***' does not have access to account '${acctHeader}' (or that account does not exist). Application access may have been revoked.`,
            "account_invalid",
          ),
          headers,
        );
        return;
      }
      account = acctHeader;
      headers["stripe-account"] = acctHeader;
    }

    const idemKey = method === "POST" ? req.headers["idempotency-key"] : undefined;
    const idemScope = typeof idemKey === "string" && idemKey ? `${account}:${idemKey}` : null;
    const fingerprint = Idempotency.fingerprint(method, url.pathname, body);
    if (idemScope && typeof idemKey === "string") {
      headers["idempotency-key"] = idemKey;
      const prior = idempotency.lookup(idemScope);
      if (prior) {
        if (prior.fingerprint !== fingerprint) {
          apiError(
            res,
            new StripeApiError(
              400,
              "idempotency_error",
              `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
              "idempotency_key_in_use",
            ),
            headers,
          );
          return;
        }
        res.writeHead(prior.status, {
          "content-type": "application/json",
          ...headers,
          "idempotent-replayed": "true",
        });
        res.end(prior.body);
        return;
      }
      if (!idempotency.begin(idemScope)) {
        apiError(
          res,
          new StripeApiError(
            409,
            "idempotency_error",
            "There is currently another in-progress request using this Stripe API Idempotency Key. Please try again later.",
            "idempotency_key_in_use",
          ),
          headers,
        );
        return;
      }
    }

    const ctx: Ctx = {
      app,
      account,
      platform: account === platform,
      request: { id: requestId, idempotency_key: typeof idemKey === "string" ? idemKey : null },
    };
    let status = 200;
    let text: string;
    try {
      const match = api.match(method, url.pathname);
      if (match === null || match === "method") {
        throw new StripeApiError(
          404,
          "invalid_request_error",
          `Unrecognized request URL (${method}: ${url.pathname}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
        );
      }
      const result = await match.handler(ctx, params, match.params);
      const paths = params.strArr("expand");
      text = sendJson(res, 200, expand(app, result, paths), headers);
    } catch (err) {
      if (err instanceof StripeApiError) {
        status = err.status;
        text = apiError(res, err, headers);
      } else {
        console.error("[local-stripe] internal error", err);
        status = 500;
        text = apiError(res, new StripeApiError(500, "api_error", "An unknown error occurred."), headers);
      }
    } finally {
      if (idemScope) idempotency.end(idemScope);
    }
    // Stripe only saves results of requests that started executing
    if (idemScope && (status === 200 || status === 402)) {
      idempotency.save(idemScope, { fingerprint, status, body: text, createdMs: Date.now() });
    }
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const done = (p: Promise<unknown>) =>
      p.catch((err: unknown) => {
        console.error("[local-stripe] request failed", err);
        if (!res.headersSent) sendJson(res, 500, new StripeApiError(500, "api_error", "An unknown error occurred.").toJSON());
        else res.end();
      });
    if (url.pathname.startsWith("/v1/")) return void done(handleApi(req, res, url));
    if (url.pathname.startsWith("/_local/")) return void done(handleControl(app, req, res, url));
    void done(
      handlePage(app, req, res, url).then((handled) => {
        if (!handled) {
          sendJson(
            res,
            404,
            new StripeApiError(
              404,
              "invalid_request_error",
              `Unrecognized request URL (${req.method}: ${url.pathname}).`,
            ).toJSON(),
          );
        }
      }),
    );
  });

  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 12111, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : (opts.port ?? 12111);
  const url = `http://127.0.0.1:${port}`;
  if (!app.config.publicUrl) app.config.publicUrl = url;
  app.webhooks.start();
  const stopScheduler = startScheduler(app);

  let closed = false;
  return {
    url,
    port,
    app,
    async close() {
      if (closed) return;
      closed = true;
      stopScheduler();
      app.webhooks.close();
      for (const res of held) res.destroy();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      app.store.close();
    },
  };
}
