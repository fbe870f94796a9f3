"use client";

import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { BuyerPrice } from "@/lib/checkout/checkout-schema";
import type { createPlanInput, PlanView, planPageSchema, updatePlanInput } from "@/lib/plans/plan-schema";
import { postCheckout, type CheckoutError, type CheckoutResult } from "./checkout";
import { fetchJson } from "./fetch-json";
import type { PriceInput, PriceUpdate, PriceView } from "./paywalls";

// Plans (bundles of items with their own tiers and share link) for the admin panel, and the
// plan offers buyers see next to an item's own tiers.

export type Plan = PlanView;
export type PlanListPage = z.infer<typeof planPageSchema>;
export type PlanItem = Plan["items"][number];
export type PlanInput = z.input<typeof createPlanInput>;
export type PlanPatch = z.input<typeof updatePlanInput>;

/** A plan that contains an item, as the buy page (no share link) and the access check's denial offer it. */
export type PlanOffer = {
  id: string;
  name: string;
  description?: string;
  covers_all_items: boolean;
  share_url?: string;
  prices: BuyerPrice[];
};

const enc = encodeURIComponent;
const plansBase = (pk: string) => `/api/billing/platforms/${enc(pk)}/plans/`;
const planBase = (pk: string, uid: string) => `${plansBase(pk)}${enc(uid)}/`;

export const planKeys = {
  all: (pk: string) => ["plans", pk] as const,
  list: (pk: string) => ["plans", pk, "list"] as const,
  plan: (pk: string, uid: string) => ["plans", pk, "plan", uid] as const,
  prices: (pk: string, uid: string) => ["plans", pk, "plan", uid, "prices"] as const,
};

// a platform has a handful of plans: one page of the maximum size shows them all
export function usePlans(platformKey: string) {
  return useQuery({
    queryKey: planKeys.list(platformKey),
    queryFn: () => fetchJson<PlanListPage>(`${plansBase(platformKey)}?page=1&page_size=100`),
  });
}

/** Every write can change the list row (tiers, items, status) as well as the plan itself. */
const invalidatePlans = (qc: QueryClient, pk: string) => qc.invalidateQueries({ queryKey: planKeys.all(pk) });

/** A saved plan is cached as the server answered it; the lists refetch. */
function storePlan(qc: QueryClient, pk: string, plan: Plan) {
  qc.setQueryData(planKeys.plan(pk, plan.id), plan);
  return invalidatePlans(qc, pk);
}

export function useCreatePlan(platformKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PlanInput) => fetchJson<Plan>(plansBase(platformKey), { method: "POST", json: input }),
    onSuccess: (plan) => storePlan(qc, platformKey, plan),
  });
}

export function useUpdatePlan(platformKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: PlanPatch }) => fetchJson<Plan>(planBase(platformKey, id), { method: "PATCH", json: patch }),
    onSuccess: (plan) => storePlan(qc, platformKey, plan),
  });
}

/** Stops selling the plan; buyers keep their access until their subscription ends. */
export function useDeletePlan(platformKey: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<void>(planBase(platformKey, id), { method: "DELETE" }),
    onSuccess: () => invalidatePlans(qc, platformKey),
  });
}

export function usePlanPrices(platformKey: string, uid: string) {
  return useQuery({
    queryKey: planKeys.prices(platformKey, uid),
    queryFn: () => fetchJson<PriceView[]>(`${planBase(platformKey, uid)}prices/`),
  });
}

export function useCreatePlanPrice(platformKey: string, uid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PriceInput) => fetchJson<PriceView>(`${planBase(platformKey, uid)}prices/`, { method: "POST", json: input }),
    onSuccess: () => invalidatePlans(qc, platformKey),
  });
}

export function useUpdatePlanPrice(platformKey: string, uid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: PriceUpdate }) =>
      fetchJson<PriceView>(`${planBase(platformKey, uid)}prices/${enc(id)}/`, { method: "PATCH", json: input }),
    onSuccess: () => invalidatePlans(qc, platformKey),
  });
}

export function useDeletePlanPrice(platformKey: string, uid: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<void>(`${planBase(platformKey, uid)}prices/${enc(id)}/`, { method: "DELETE" }),
    onSuccess: () => invalidatePlans(qc, platformKey),
  });
}

/** Checkout body fields every checkout endpoint accepts besides the tier. */
export type OfferFields = { promotion_code?: string; amount?: string };

type PriceCheckoutInput = OfferFields & { price_id: string; success_url?: string; cancel_url?: string };

/**
 * Signed-in checkout keyed by the tier's unique id: a plan has no item path, so its tiers are
 * bought through the by-price endpoint.
 */
export function usePriceCheckout() {
  return useMutation<CheckoutResult, CheckoutError, PriceCheckoutInput>({
    mutationFn: ({ price_id, ...body }) => postCheckout(`/api/billing/items/prices/${enc(price_id)}/checkout/`, body),
  });
}
