"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type {
  CreateEndpointInput,
  RetryAccepted,
  RotatedSecret,
  UpdateEndpointInput,
  WebhookDeliveryPage,
  WebhookEndpointPage,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
} from "@/lib/outbound-webhooks/endpoint-schema";
import { fetchJson } from "./fetch-json";

export type {
  CreateEndpointInput,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEndpointWithSecret,
  RotatedSecret,
} from "@/lib/outbound-webhooks/endpoint-schema";
export { WEBHOOK_DESCRIPTION_MAX, WEBHOOK_URL_MAX } from "@/lib/outbound-webhooks/endpoint-limits";
export { SALE_EVENT_DESCRIPTIONS, SALE_EVENT_TYPES, type SaleEventType } from "@/lib/sale-events/sale-event-types";

const enc = encodeURIComponent;
const base = (pk: string) => `/api/billing/platforms/${enc(pk)}/webhook-endpoints/`;
const one = (pk: string, id: string) => `${base(pk)}${enc(id)}/`;

export const webhookKeys = {
  all: (pk: string) => ["webhook-endpoints", pk] as const,
  list: (pk: string) => ["webhook-endpoints", pk, "list"] as const,
  deliveries: (pk: string, id: string, page: number) => ["webhook-endpoints", pk, "deliveries", id, page] as const,
};

export function useWebhookEndpoints(pk: string) {
  return useQuery({
    queryKey: webhookKeys.list(pk),
    queryFn: () => fetchJson<WebhookEndpointPage>(`${base(pk)}?page_size=100`),
  });
}

export function useCreateWebhookEndpoint(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateEndpointInput) => fetchJson<WebhookEndpointWithSecret>(base(pk), { method: "POST", json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: webhookKeys.list(pk) }),
  });
}

export function useUpdateWebhookEndpoint(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...input }: UpdateEndpointInput & { id: string }) => fetchJson<WebhookEndpointView>(one(pk, id), { method: "PATCH", json: input }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: webhookKeys.list(pk) }),
  });
}

export function useDeleteWebhookEndpoint(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<void>(one(pk, id), { method: "DELETE" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: webhookKeys.all(pk) }),
  });
}

export function useRotateWebhookSecret(pk: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<RotatedSecret>(`${one(pk, id)}rotate-secret/`, { method: "POST" }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: webhookKeys.list(pk) }),
  });
}

/** The endpoint's delivery log; polls while a delivery is still pending so retries show up. */
export function useWebhookDeliveries(pk: string, id: string, page: number) {
  return useQuery({
    queryKey: webhookKeys.deliveries(pk, id, page),
    queryFn: () => fetchJson<WebhookDeliveryPage>(`${one(pk, id)}deliveries/?page=${page}&page_size=20`),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.results.some((d) => d.status === "pending") ? 3_000 : false),
  });
}

export function useRedeliverWebhook(pk: string, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: string) => fetchJson<RetryAccepted>(`${one(pk, id)}deliveries/${enc(deliveryId)}/retry/`, { method: "POST" }),
    onSuccess: () => {
      // the redelivery runs on the job queue: read the log again once it had time to run
      for (const delay of [1_500, 5_000]) setTimeout(() => void qc.invalidateQueries({ queryKey: ["webhook-endpoints", pk, "deliveries", id] }), delay);
    },
  });
}
