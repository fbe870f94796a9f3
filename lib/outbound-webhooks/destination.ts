import "server-only";
import dns from "node:dns/promises";
import net from "node:net";
import { BadRequestError } from "@/lib/api/errors";
import { env } from "@/lib/config/env";
import { classifyAddress } from "./address-policy";
import { WEBHOOK_ERROR_CODES } from "./endpoint-schema";

// Where an outbound webhook may go: http(s) URLs without credentials whose host resolves only to
// public addresses (unless OUTBOUND_WEBHOOKS_ALLOW_PRIVATE=1). The same check runs when the
// endpoint is saved and before every delivery, and the delivery connects to the address checked
// here, so a DNS answer that changes in between cannot point it inside.

export type CheckedDestination = { url: URL; address: string; family: 4 | 6 };

export class DestinationRefused extends BadRequestError {
  constructor(detail: string, code: string) {
    super(detail, { errors: { url: [detail] } }, code);
  }
}

export const privateDestinationsAllowed = () => env().OUTBOUND_WEBHOOKS_ALLOW_PRIVATE;

/** Parses and normalizes a webhook URL, refusing what can never be a destination. */
export function parseWebhookUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new DestinationRefused("Not a valid URL.", WEBHOOK_ERROR_CODES.invalidUrl);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new DestinationRefused("Only http and https URLs can receive webhooks.", WEBHOOK_ERROR_CODES.invalidUrl);
  if (url.username || url.password) throw new DestinationRefused("The URL must not carry credentials; authenticate the signature instead.", WEBHOOK_ERROR_CODES.invalidUrl);
  if (!url.hostname) throw new DestinationRefused("The URL has no host.", WEBHOOK_ERROR_CODES.invalidUrl);
  url.hash = "";
  return url;
}

type Lookup = (host: string) => Promise<{ address: string; family: number }[]>;

/** How long a resolver may take before the host counts as not resolving (a request waits on it). */
export const LOOKUP_TIMEOUT_MS = 5_000;

const systemLookup: Lookup = (host) => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("DNS lookup timed out")), LOOKUP_TIMEOUT_MS);
  });
  return Promise.race([dns.lookup(host, { all: true, verbatim: true }), timeout]).finally(() => clearTimeout(timer));
};

/**
 * Resolves the URL's host (every address) and refuses it when any address is not public. Returns
 * the address to connect to.
 */
export async function checkDestination(raw: string, opts: { allowPrivate?: boolean; lookup?: Lookup } = {}): Promise<CheckedDestination> {
  const url = parseWebhookUrl(raw);
  const allowPrivate = opts.allowPrivate ?? privateDestinationsAllowed();
  const host = url.hostname.replace(/^\[|\]$/g, "");
  let addresses: { address: string; family: number }[];
  if (net.isIP(host)) addresses = [{ address: host, family: net.isIP(host) }];
  else {
    try {
      addresses = await (opts.lookup ?? systemLookup)(host);
    } catch {
      addresses = [];
    }
  }
  if (!addresses.length) throw new DestinationRefused(`The host ${host} does not resolve.`, WEBHOOK_ERROR_CODES.unresolvable);
  if (!allowPrivate) {
    for (const a of addresses) {
      const cls = classifyAddress(a.address);
      if (cls !== "public") {
        throw new DestinationRefused(
          `The host ${host} resolves to a ${cls} address (${a.address}); webhooks go to public addresses only.`,
          WEBHOOK_ERROR_CODES.privateDestination,
        );
      }
    }
  }
  const first = addresses[0];
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
