import type http from "node:http";
import type { App } from "../app.js";
import { readBody, sendHtml } from "../http.js";
import { layout } from "./html.js";
import { checkoutPage } from "./checkout.js";
import { onboardingPage } from "./onboarding.js";
import { dashboardPage } from "./dashboard.js";
import { portalPage } from "./portal.js";

export interface PageRequest {
  app: App;
  req: http.IncomingMessage;
  res: http.ServerResponse;
  method: string;
  seg: string[];
  form: URLSearchParams;
}

/** Hosted pages (Checkout, Express onboarding and dashboard, billing portal). */
export async function handlePage(app: App, req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
  const method = (req.method ?? "GET").toUpperCase();
  const seg = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (method !== "GET" && method !== "POST") return false;
  const form = method === "POST" ? new URLSearchParams(await readBody(req)) : url.searchParams;
  const pr: PageRequest = { app, req, res, method, seg, form };
  if (seg[0] === "checkout" && seg.length >= 2) return checkoutPage(pr, seg[1]);
  if (seg[0] === "express" && seg[1] === "onboarding" && seg[2]) return onboardingPage(pr, seg[2]);
  if (seg[0] === "express" && seg[1] === "dashboard" && seg[2] && seg[3]) return dashboardPage(pr, seg[2], seg[3]);
  if (seg[0] === "billing" && seg[1] === "portal" && seg[2]) return portalPage(pr, seg[2]);
  if (method === "GET" && seg.length === 0) {
    sendHtml(res, 200, layout("Local Stripe", `<h1>Local Stripe</h1><p>A local stand-in for the Stripe API. See <a href="/_local/health">health</a>.</p>`));
    return true;
  }
  return false;
}

export function notFound(res: http.ServerResponse, what: string): true {
  sendHtml(res, 404, layout("Not found", `<h1>Not found</h1><p>${what}</p>`));
  return true;
}
