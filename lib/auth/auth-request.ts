import { NextRequest } from "next/server";
import { env } from "@/lib/config/env";
import { sameOriginPath } from "@/lib/security/redirect-guard";

// next-auth refuses (with a 500) a callback URL it cannot parse, wherever it finds one: the
// query, the form body or its callback-url cookie. Each is rewritten to an absolute URL of our
// own origin before next-auth sees the request, so a hostile value is a redirect home instead.

const CALLBACK_COOKIES = ["next-auth.callback-url", "__Secure-next-auth.callback-url"];

function ownCallback(value: string): string {
  return new URL(sameOriginPath(value), env().APP_URL).toString();
}

function sanitizeCookies(header: string | null): string | null {
  if (!header) return header;
  return header
    .split(";")
    .map((part) => {
      const eq = part.indexOf("=");
      const name = part.slice(0, eq).trim();
      if (eq < 0 || !CALLBACK_COOKIES.includes(name)) return part;
      let value = part.slice(eq + 1).trim();
      try {
        value = decodeURIComponent(value);
      } catch {}
      return ` ${name}=${encodeURIComponent(ownCallback(value))}`;
    })
    .join(";")
    .trim();
}

/** The request next-auth gets: the same, with every callback URL made ours; `body` read already. */
export function sanitizedAuthRequest(req: NextRequest, body: string | null): { request: NextRequest; form: URLSearchParams } {
  const url = new URL(req.url);
  const q = url.searchParams.get("callbackUrl");
  if (q !== null) url.searchParams.set("callbackUrl", ownCallback(q));
  const headers = new Headers(req.headers);
  const cookies = sanitizeCookies(headers.get("cookie"));
  if (cookies !== null) headers.set("cookie", cookies);
  const form = new URLSearchParams((headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded") ? (body ?? "") : "");
  let forwardBody = body;
  const b = form.get("callbackUrl");
  if (b !== null) {
    form.set("callbackUrl", ownCallback(b));
    forwardBody = form.toString();
  }
  if (forwardBody !== null) headers.delete("content-length");
  return { request: new NextRequest(url, { method: req.method, headers, body: forwardBody }), form };
}
