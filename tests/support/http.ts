import { NextRequest } from "next/server";
import { encode } from "next-auth/jwt";
import { recordAnswer } from "./contract-recorder";

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

export type CallOptions = {
  method?: string;
  params?: Record<string, string | string[]>;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  token?: string;
  sessionUserId?: string;
  headers?: Record<string, string>;
};

export async function sessionCookie(userId: string) {
  const value = await encode({ token: { sub: userId }, secret: process.env.NEXTAUTH_SECRET! });
  return `next-auth.session-token=${value}`;
}

/** Calls a route handler the way Next does, without an HTTP server. */
export async function call(handler: Handler, opts: CallOptions = {}) {
  const url = new URL("http://localhost:3000/api/test");
  for (const [k, v] of Object.entries(opts.query ?? {})) url.searchParams.set(k, v);
  const headers = new Headers(opts.headers);
  if (opts.token) headers.set("authorization", `Token ${opts.token}`);
  if (opts.sessionUserId) headers.set("cookie", await sessionCookie(opts.sessionUserId));
  let body: string | undefined = opts.rawBody;
  if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers.set("content-type", "application/json");
  }
  const req = new NextRequest(url, { method: opts.method ?? "GET", headers, body });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  await recordAnswer(handler, req.method, res, text);
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {}
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests inspect response bodies loosely
  return { status: res.status, headers: res.headers, text, json: json as Record<string, any> };
}
