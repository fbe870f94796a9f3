"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { JobStatus } from "@/lib/jobs/job-status-schema";
import { fetchJson } from "./fetch-json";

export type { FailedJob, JobStatus } from "@/lib/jobs/job-status-schema";

const key = ["operator", "jobs"] as const;

/** The job queue behind e-mails and outbound webhooks; refreshed while the page is open. */
export function useJobStatus() {
  return useQuery({ queryKey: key, queryFn: () => fetchJson<JobStatus>("/api/operator/jobs/"), refetchInterval: 15_000 });
}

export function useRetryJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => fetchJson<{ id: string }>(`/api/operator/jobs/${id}/retry/`, { method: "POST" }),
    onSettled: () => qc.invalidateQueries({ queryKey: key }),
  });
}
