import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, STATIC_SECURITY_HEADERS, strictTransportSecurity } from "@/lib/security/security-headers";

// Runs before routing: refuses paths that cannot be decoded (Next.js would answer a bare 500)
// or that decode to control characters no id of ours holds, and gives every page a fresh CSP nonce.

function decodable(pathname: string): boolean {
  try {
    return pathname.split("/").every((segment) => !/[\u0000-\u001f\u007f]/.test(decodeURIComponent(segment)));
  } catch {
    return false;
  }
}

function withSecurityHeaders(res: NextResponse, csp?: string): NextResponse {
  for (const [k, v] of Object.entries(STATIC_SECURITY_HEADERS)) res.headers.set(k, v);
  const hsts = strictTransportSecurity(process.env.APP_URL, process.env.NODE_ENV === "production");
  if (hsts) res.headers.set("Strict-Transport-Security", hsts);
  if (csp) res.headers.set("Content-Security-Policy", csp);
  return res;
}

export function proxy(req: NextRequest) {
  const { pathname } = req.nextUrl;
  if (!decodable(pathname)) {
    const body = { detail: "The path is not valid: malformed percent-encoding or control characters.", code: "invalid_path" };
    const res = pathname.startsWith("/api/")
      ? NextResponse.json(body, { status: 400 })
      : new NextResponse("Bad request: the address has malformed percent-encoding or control characters.", { status: 400, headers: { "content-type": "text/plain; charset=utf-8" } });
    res.headers.set("cache-control", "no-store");
    // a bare refusal: it runs nothing and may be framed by nobody
    return withSecurityHeaders(res, "default-src 'none'; frame-ancestors 'none'");
  }
  if (pathname === "/api" || pathname.startsWith("/api/")) return withSecurityHeaders(NextResponse.next());
  // pages answer GET and HEAD; nothing else is served there
  if (req.method === "OPTIONS") return withSecurityHeaders(new NextResponse(null, { status: 204, headers: { allow: "GET, HEAD" } }));

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  const headers = new Headers(req.headers);
  // Next.js reads the nonce from the request's policy and stamps its scripts with it
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  return withSecurityHeaders(NextResponse.next({ request: { headers } }), csp);
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|apple-touch-icon.png|manifest.webmanifest).*)" }],
};
