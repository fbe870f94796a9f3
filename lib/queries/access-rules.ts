"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { AccessRulePage, AccessRuleQueryInput, AccessRuleView, CreateAccessRuleInput } from "@/lib/access-rules/access-rule-schema";
import { fetchJson } from "./fetch-json";

export type { AccessRulePage, AccessRuleStatus, AccessRuleView, CreateAccessRuleInput } from "@/lib/access-rules/access-rule-schema";
export { ACCESS_RULE_MAX_EMAILS, ACCESS_RULE_ROLES, describeMatch, normalizeEmailDomain } from "@/lib/access-rules/access-rule-schema";

const enc = encodeURIComponent;
const base = (pk: string) => `/api/billing/platforms/${enc(pk)}/access-rules/`;
const one = (pk: string, id: string) => `${base(pk)}${enc(id)}/`;

export const accessRuleKeys = {
  all: (pk: string) => ["access-rules", pk] as const,
  list: (pk: string, q: AccessRuleQueryInput) => ["access-rules", pk, "list", q] as const,
  plans: (pk: string) => ["plans", pk, "options"] as const,
};

function queryString(q: AccessRuleQueryInput): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== "") params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

export function useAccessRules(pk: string, q: AccessRuleQueryInput = {}) {
  return useQuery({
    queryKey: accessRuleKeys.list(pk, q),
    queryFn: () => fetchJson<AccessRulePage>(`${base(pk)}${queryString(q)}`),
    placeholderData: keepPreviousData,
  });
}

export function useCreateAccessRule(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateAccessRuleInput) => fetchJson<AccessRuleView>(base(pk), { method: "POST", json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: accessRuleKeys.all(pk) }),
  });
}

export function useRevokeAccessRule(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<AccessRuleView>(one(pk, id), { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: accessRuleKeys.all(pk) }),
  });
}

export type PlanOption = { id: string; name: string };

/** The platform's plans, as a rule target picker needs them. */
export function usePlanOptions(pk: string, opts: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: accessRuleKeys.plans(pk),
    queryFn: async () => (await fetchJson<{ results: PlanOption[] }>(`/api/billing/platforms/${enc(pk)}/plans/?page_size=100`)).results,
    enabled: opts.enabled ?? true,
  });
}
