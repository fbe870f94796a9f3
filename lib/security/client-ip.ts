import { env } from "@/lib/config/env";

/** How many proxies of our own sit in front of the app (TRUSTED_PROXY_HOPS, default 0: none). */
export function trustedProxyHops(): number {
  return env().TRUSTED_PROXY_HOPS;
}

/** Header the launcher's HTTP server stamps with the socket's peer address (any client copy is dropped). */
export const PEER_ADDRESS_HEADER = "x-tollgate-peer-address";

/**
 * The client address for rate limits. Without a configured proxy it is the socket's peer
 * address, which a client cannot choose. Behind TRUSTED_PROXY_HOPS proxies, X-Forwarded-For is a
 * list each proxy appends to, so the client is the entry just before the ones our proxies added;
 * earlier entries may be forged.
 */
export function clientIp(headers: Headers, hops = trustedProxyHops()): string {
  const peer = headers.get(PEER_ADDRESS_HEADER) || "unknown";
  if (hops === 0) return peer;
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (chain.length === 0) return peer;
  return chain[Math.max(0, chain.length - hops)];
}
