import { z } from "zod";
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponsesObject } from "zod-openapi";
import { contractOf, ERROR_DESCRIPTIONS, errorBody, errorStatuses, isMediaBody, type RouteContract } from "./contract";
import { outboundWebhooksDocument } from "@/lib/outbound-webhooks/openapi-webhooks";

// The OpenAPI 3.1 document, generated from the same declarations `withApi` enforces: every route
// file's exported methods, their params, query, bodies and every status with its body.

export type RouteModule = { file: string; paths: string[]; module: Record<string, unknown> };
export type ExtraPaths = ZodOpenApiPathsObject;

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;

export const TAGS: { name: string; description: string }[] = [
  { name: "connect", description: "The platform's Stripe Connect Express account." },
  { name: "paywalls", description: "Paywall configuration per item." },
  { name: "prices", description: "Pricing tiers of a paywall." },
  { name: "pricing", description: "What an item costs, for anyone." },
  { name: "access", description: "Whether the caller may open an item (200) or must pay (402)." },
  { name: "checkout", description: "Stripe Checkout for members and guests, and the return from Stripe." },
  { name: "subscriptions", description: "The caller's own purchases." },
  { name: "analytics", description: "Subscribers, revenue, its time series and subscription metrics of a platform." },
  { name: "ledger", description: "The platform's append-only revenue ledger — charges, refunds, disputes, fees, payouts and adjustments — as a paged list or a streamed CSV export." },
  { name: "refunds", description: "Refunds of a charge through Stripe; the ledger row follows from Stripe's webhook." },
  { name: "payouts", description: "The connected account's balance and payouts, and what was earned, paid out and pending." },
  { name: "reconciliation", description: "Every ledger row compared with Stripe, to the cent." },
  { name: "catalog", description: "The platform's items, for the item picker." },
  { name: "plans", description: "Plans: a named set of items (or every item) sold with its own tiers and share link." },
  { name: "promotion-codes", description: "Discount codes backed by Stripe coupons and promotion codes, and price quotes with a code." },
  { name: "tips", description: "One-time tips to the creator of an item: money in, no access granted." },
  { name: "access-rules", description: "Access granted by rule (e-mail domain, platform role or a list of e-mails), without a purchase." },
  { name: "decisions", description: "Access decisions and offers for many items at once." },
  { name: "insights", description: "Access checks counted by reason, and the paywall → checkout → paid funnel per item." },
  { name: "wallets", description: "Usage credits: a wallet per (platform, user) backed by an append-only wallet ledger, deposits, metered usage, spend caps and the credit settings." },
  { name: "credit-packs", description: "Credit packs sold through Stripe Checkout, and topping up a wallet." },
  { name: "model-providers", description: "OpenAI-compatible upstreams (bring your own key, stored encrypted) and per-model prices in credits." },
  { name: "metering-proxy", description: "The OpenAI-compatible metering proxy: chat completions charged to the end user's wallet, and the built-in Local model." },
  { name: "operator", description: "Deployment-wide administration." },
  { name: "account", description: "The signed-in user." },
  { name: "tokens", description: "API tokens." },
  { name: "webhooks", description: "Stripe event delivery." },
  { name: "webhook-endpoints", description: "The platform's own signed outbound webhooks (Standard Webhooks): endpoints, their secrets, deliveries and redelivery." },
  { name: "notifications", description: "Which e-mails a platform's owners receive." },
  { name: "jobs", description: "The durable job queue behind e-mails and outbound webhooks, for the operator." },
  { name: "health", description: "Liveness and dependencies." },
  { name: "auth", description: "Browser sign-in (next-auth)." },
  { name: "docs", description: "This description of the API." },
];

const PERMISSION_TEXT: Record<RouteContract["auth"], string> = {
  public: "Public: no credentials needed; an invalid `Authorization` header is ignored.",
  user: "Any signed-in caller (session or API token).",
  "own-record": "Any signed-in caller; only the caller's own records.",
  "platform-admin": "An owner or admin of the platform the path names (operators too).",
  "platform-owner": "The owner of the platform the path names.",
  operator: "A deployment operator, browser session only.",
};

const SIGNED_IN = [{ sessionCookie: [] }, { tokenAuth: [] }, { bearerAuth: [] }];

function objectShape(schema: z.ZodType | undefined): Record<string, z.ZodType> {
  return schema instanceof z.ZodObject ? (schema.shape as Record<string, z.ZodType>) : {};
}

/** Path params of one concrete path: catch-all arrays become one string segment. */
function pathParams(contract: RouteContract, path: string): z.ZodObject | undefined {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (!names.length) return undefined;
  const shape = objectShape(contract.params);
  const out: Record<string, z.ZodType> = {};
  for (const name of names) {
    const declared = shape[name];
    const unwrapped = declared instanceof z.ZodOptional ? declared.unwrap() : declared;
    out[name] = !unwrapped || unwrapped instanceof z.ZodArray ? z.string() : (unwrapped as z.ZodType);
  }
  return z.object(out);
}

function bodyContent(body: RouteContract["responses"][number]) {
  if (body === null) return undefined;
  if (isMediaBody(body)) {
    return Object.fromEntries(body.media.map((m) => [m, body.schema && (m === "application/json" || m.endsWith("yaml")) ? { schema: body.schema } : { schema: z.string() }]));
  }
  return { "application/json": { schema: body } };
}

function operation(contract: RouteContract, method: string, path: string): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const [status, body] of Object.entries(contract.responses)) {
    const description = isMediaBody(body) ? body.description : Number(status) === 204 ? "No content." : Number(status) === 302 ? "Redirect; see `Location`." : "OK.";
    responses[status as `${1 | 2 | 3 | 4 | 5}${string}`] = { description, content: bodyContent(body) };
  }
  for (const status of errorStatuses(contract, method)) {
    responses[String(status) as `${4 | 5}${string}`] = { description: ERROR_DESCRIPTIONS[status] ?? "Error.", content: { "application/json": { schema: errorBody } } };
  }
  const query = contract.query instanceof z.ZodObject ? contract.query : undefined;
  const params = pathParams(contract, path);
  const hasBody = contract.body && method !== "GET" && method !== "DELETE" ? contract.body : method === "DELETE" && contract.body ? contract.body : undefined;
  const scopeText = contract.scope ? ` Scope: the ${contract.scope} the path names.` : "";
  return {
    operationId: operationId(method, path),
    summary: contract.summary,
    description: [contract.description, `**Permission:** ${PERMISSION_TEXT[contract.auth]}${scopeText}`].filter(Boolean).join("\n\n"),
    tags: [...contract.tags],
    security: contract.auth === "public" ? [] : contract.sessionOnly || contract.auth === "operator" ? [{ sessionCookie: [] }] : SIGNED_IN,
    ...(params || query ? { requestParams: { ...(params ? { path: params } : {}), ...(query ? { query } : {}) } } : {}),
    ...(hasBody ? { requestBody: { required: true, content: { "application/json": { schema: hasBody } } } } : {}),
    responses,
    "x-permission": contract.auth,
    ...(contract.scope ? { "x-scope": contract.scope } : {}),
  } as unknown as ZodOpenApiOperationObject;
}

/** `GET /api/billing/items/{uid}/paywall/` → `getBillingItemsUidPaywall`. */
export function operationId(method: string, path: string): string {
  const words = path
    .replace(/^\/api\//, "")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0].toUpperCase() + w.slice(1)).join("");
}

/** Every (method, path) the routes serve, with the contract of its handler. */
export function operations(routes: RouteModule[]) {
  const out: { method: string; path: string; file: string; contract: RouteContract | undefined; handler: unknown }[] = [];
  for (const r of routes) {
    for (const method of METHODS) {
      const handler = r.module[method];
      if (!handler) continue;
      for (const path of r.paths) out.push({ method, path, file: r.file, contract: contractOf(handler), handler });
    }
  }
  return out;
}

export function buildOpenApiDocument(routes: RouteModule[], opts: { version: string; serverUrl?: string; extraPaths?: ExtraPaths }) {
  const paths: ZodOpenApiPathsObject = { ...(opts.extraPaths ?? {}) };
  for (const op of operations(routes)) {
    if (!op.contract) throw new Error(`${op.method} in ${op.file} is not declared with withApi`);
    const item = (paths[op.path] ??= {}) as Record<string, ZodOpenApiOperationObject>;
    item[op.method.toLowerCase()] = operation(op.contract, op.method, op.path);
  }
  return createDocument(
    {
      openapi: "3.1.0",
      info: {
        title: "Tollgate API",
        version: opts.version,
        description:
          "Paywalls, pricing, checkout and access for items sold through Stripe Connect. Paths accept a trailing slash or not. Errors are `{detail, code, errors?}` with a stable `code`. Money amounts are decimal strings (`amount`) with the integer minor units alongside (`amount_minor`).",
      },
      ...(opts.serverUrl ? { servers: [{ url: opts.serverUrl }] } : {}),
      tags: TAGS,
      paths,
      webhooks: outboundWebhooksDocument(),
      components: {
        securitySchemes: {
          sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "Browser session (`__Secure-next-auth.session-token` over https). Unsafe methods also need a same-origin `Origin`." },
          tokenAuth: { type: "apiKey", in: "header", name: "Authorization", description: "`Authorization: Token <key>` — an API token, limited to the platform it was minted for." },
          bearerAuth: { type: "http", scheme: "bearer", description: "`Authorization: Bearer <key>`, the same API token." },
        },
      },
    },
    {
      // unrepresentable leaves (transforms inside request schemas) render as an open schema
      allowEmptySchema: { custom: true, transform: true, pipe: true },
    },
  );
}
