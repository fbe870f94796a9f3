/**
 * The client address for rate limits. X-Forwarded-For is a list each proxy appends to, so only
 * the entries added by our own proxies can be trusted: TRUSTED_PROXY_HOPS (default 1) says how
 * many there are, and the client is the entry just before them. The first entries may be forged.
 */
export function clientIp(headers: Headers, hops = Number(process.env.TRUSTED_PROXY_HOPS ?? 1)): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return headers.get("x-real-ip") || "unknown";
  return chain[Math.max(0, chain.length - Math.max(1, hops))];
}
