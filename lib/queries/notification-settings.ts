"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { NotificationSettings, NotificationSettingsInput } from "@/lib/notifications/notification-settings-schema";
import { fetchJson } from "./fetch-json";

export type { NotificationSettings, NotificationSettingsInput };

export const notificationSettingsKeys = {
  settings: (platformKey: string) => ["notification-settings", platformKey] as const,
};

const url = (platformKey: string) => `/api/billing/platforms/${encodeURIComponent(platformKey)}/notification-settings/`;

export function useNotificationSettings(platformKey: string) {
  return useQuery({
    queryKey: notificationSettingsKeys.settings(platformKey),
    queryFn: () => fetchJson<NotificationSettings>(url(platformKey)),
  });
}

/** Optimistic: the switch moves at once and moves back if the server refuses. */
export function useUpdateNotificationSettings(platformKey: string) {
  const qc = useQueryClient();
  const key = notificationSettingsKeys.settings(platformKey);
  return useMutation({
    mutationFn: (input: NotificationSettingsInput) => fetchJson<NotificationSettings>(url(platformKey), { method: "PATCH", json: input }),
    onMutate: async (input) => {
      await qc.cancelQueries({ queryKey: key });
      const previous = qc.getQueryData<NotificationSettings>(key);
      if (previous) qc.setQueryData<NotificationSettings>(key, { ...previous, ...input });
      return { previous };
    },
    onError: (_error, _input, context) => {
      if (context?.previous) qc.setQueryData(key, context.previous);
    },
    onSuccess: (settings) => qc.setQueryData(key, settings),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
}
