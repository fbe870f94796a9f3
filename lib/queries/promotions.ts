"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { CreatePromotionCodeInput, PromotionCodePage, PromotionCodeView } from "@/lib/promotions/promotion-schema";
import { fetchJson } from "./fetch-json";

export type { CreatePromotionCodeInput, PromotionCodeView, PromotionTarget } from "@/lib/promotions/promotion-schema";
export { MAX_DURATION_MONTHS, PROMOTION_CODE_PATTERN, PROMOTION_DURATIONS } from "@/lib/promotions/promotion-schema";

const enc = encodeURIComponent;
const base = (pk: string) => `/api/billing/platforms/${enc(pk)}/promotion-codes/`;
const one = (pk: string, id: string) => `${base(pk)}${enc(id)}/`;

export const promotionKeys = {
  all: (pk: string) => ["promotion-codes", pk] as const,
  list: (pk: string) => ["promotion-codes", pk, "list"] as const,
};

// a platform keeps a few dozen codes at most: the largest page shows them all
export function usePromotionCodes(pk: string) {
  return useQuery({
    queryKey: promotionKeys.list(pk),
    queryFn: () => fetchJson<PromotionCodePage>(`${base(pk)}?page_size=100`),
  });
}

export function useCreatePromotionCode(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreatePromotionCodeInput) => fetchJson<PromotionCodeView>(base(pk), { method: "POST", json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: promotionKeys.all(pk) }),
  });
}

export function useSetPromotionCodeActive(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => fetchJson<PromotionCodeView>(one(pk, id), { method: "PATCH", json: { active } }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: promotionKeys.all(pk) }),
  });
}
