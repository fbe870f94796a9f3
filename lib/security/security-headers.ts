// Headers every response carries. Kept free of app imports: next.config.ts and the proxy read it.

export const STATIC_SECURITY_HEADERS: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "strict-origin-when-cross-origin",
  "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
  "Cross-Origin-Opener-Policy": "same-origin",
};

/**
 * The page policy: scripts only with this response's nonce (Next.js puts it on its own inline
 * scripts when the request carries the policy), nothing may frame us, forms post only to us.
 * Styles allow inline attributes, which the UI primitives set for positioning.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** HSTS only where the app is served over HTTPS in production; browsers ignore it over HTTP. */
export function strictTransportSecurity(appUrl: string | undefined, production: boolean): string | null {
  return production && appUrl?.startsWith("https://") ? "max-age=63072000; includeSubDomains" : null;
}
