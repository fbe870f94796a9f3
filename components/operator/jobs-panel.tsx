"use client";

import { RotateCcw } from "lucide-react";
import { toast } from "sonner";
import { ErrorState, EmptyState, TableSkeleton } from "@/components/revenue/states";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format/format";
import { useJobStatus, useRetryJob } from "@/lib/queries/jobs";

const QUEUE_LABELS: Record<string, string> = {
  "sale-event.fan-out": "Sale events",
  "email.send": "E-mails",
  "webhook.deliver": "Outbound webhooks",
};

/** The durable job queue: what waits, what runs, and what failed for good (with a retry). */
export function JobsPanel() {
  const q = useJobStatus();
  const retry = useRetryJob();

  return (
    <Card className="gap-4 py-4" role="region" aria-labelledby="jobs-heading">
      <CardHeader className="px-4 sm:px-6">
        <CardTitle id="jobs-heading">Background jobs</CardTitle>
        <CardDescription>E-mails and outbound webhooks run on a job queue in the database; failed jobs stay here until retried.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 px-4 sm:px-6">
        {q.isPending ? (
          <TableSkeleton label="Loading the job queue" rows={3} />
        ) : q.isError ? (
          <ErrorState error={q.error} what="the job queue" onRetry={() => q.refetch()} />
        ) : (
          <>
            <ul aria-label="Queues" className="grid grid-cols-1 gap-3 sm:grid-cols-3">
              {q.data.queues.map((queue) => (
                <li key={queue.name} data-testid={`queue-${queue.name}`} className="space-y-1 rounded-lg border p-3 text-sm">
                  <p className="font-medium">{QUEUE_LABELS[queue.name] ?? queue.name}</p>
                  <p className="text-muted-foreground">
                    {queue.counts.created + queue.counts.retry} waiting · {queue.counts.active} running · {queue.counts.completed} done ·{" "}
                    <span className={queue.counts.failed ? "font-medium text-destructive" : undefined}>{queue.counts.failed} failed</span>
                  </p>
                </li>
              ))}
            </ul>
            <p className="text-sm text-muted-foreground">
              E-mails: {q.data.emails.sent} sent, {q.data.emails.pending} pending, {q.data.emails.failed} failed. Webhook deliveries:{" "}
              {q.data.webhook_deliveries.succeeded} delivered, {q.data.webhook_deliveries.pending} pending, {q.data.webhook_deliveries.failed} failed.
            </p>
            {q.data.failed.length === 0 ? (
              <EmptyState title="No failed jobs" />
            ) : (
              <Table aria-label="Failed jobs">
                <TableHeader>
                  <TableRow>
                    <TableHead>Job</TableHead>
                    <TableHead>Error</TableHead>
                    <TableHead>Failed</TableHead>
                    <TableHead className="text-right">Action</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {q.data.failed.map((job) => (
                    <TableRow key={job.id}>
                      <TableCell>
                        <Badge variant="outline">{QUEUE_LABELS[job.name] ?? job.name}</Badge>
                        <span className="ml-2 font-mono text-xs text-muted-foreground">{job.id.slice(0, 8)}</span>
                      </TableCell>
                      <TableCell className="max-w-md truncate text-sm" title={job.error ?? undefined}>
                        {job.error ?? "—"} <span className="text-muted-foreground">({job.retry_count} retries)</span>
                      </TableCell>
                      <TableCell className="text-sm">{formatDateTime(job.failed_at) ?? "—"}</TableCell>
                      <TableCell className="text-right">
                        <Button
                          size="sm"
                          variant="outline"
                          disabled={retry.isPending}
                          onClick={() => retry.mutate(job.id, { onSuccess: () => toast.success("The job is queued again."), onError: (e) => toast.error(e.message) })}
                        >
                          <RotateCcw aria-hidden className="size-4" /> Retry
                        </Button>
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </>
        )}
      </CardContent>
    </Card>
  );
}
