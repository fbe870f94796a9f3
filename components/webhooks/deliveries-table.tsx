"use client";

import { useState } from "react";
import { RotateCw } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format/format";
import { useRedeliverWebhook, useWebhookDeliveries, type WebhookDeliveryView } from "@/lib/queries/webhook-endpoints";
import { DeliveryStatusBadge } from "./delivery-status-badge";

function lastAnswer(d: WebhookDeliveryView): string {
  if (d.response_status !== null) return `HTTP ${d.response_status}`;
  if (d.last_error) return "No answer";
  return "—";
}

/** One endpoint's delivery log: a row per event with its status, attempts and last answer. */
export function DeliveriesTable({ platformKey, endpointId }: { platformKey: string; endpointId: string }) {
  const [page, setPage] = useState(1);
  const deliveries = useWebhookDeliveries(platformKey, endpointId, page);
  const redeliver = useRedeliverWebhook(platformKey, endpointId);

  function again(d: WebhookDeliveryView) {
    redeliver.mutate(d.id, {
      onSuccess: () => toast.success(`Redelivering ${d.event_type}`),
      onError: (e) => toast.error(`Could not redeliver: ${e.message}`),
    });
  }

  if (deliveries.isPending) return <Skeleton className="h-24 w-full" />;
  if (deliveries.isError) {
    return (
      <p role="alert" className="text-sm text-destructive">
        Could not load deliveries: {deliveries.error.message}
      </p>
    );
  }
  const { results, count, next_page, previous_page } = deliveries.data;
  if (!count) return <p className="text-sm text-muted-foreground">No deliveries yet. Events are sent here as they happen.</p>;

  return (
    <div className="space-y-2">
      <Table data-testid="webhook-deliveries">
        <TableHeader>
          <TableRow>
            <TableHead>Event</TableHead>
            <TableHead>Status</TableHead>
            <TableHead className="text-right">Attempts</TableHead>
            <TableHead>Last answer</TableHead>
            <TableHead>Next attempt</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {results.map((d) => (
            <TableRow key={d.id} data-testid="webhook-delivery-row">
              <TableCell>
                <span className="font-mono text-xs font-medium">{d.event_type}</span>
                <span className="block font-mono text-xs text-muted-foreground">{d.event_id}</span>
                <span className="block text-xs text-muted-foreground">{formatDateTime(d.created_at)}</span>
              </TableCell>
              <TableCell>
                <DeliveryStatusBadge delivery={d} />
              </TableCell>
              <TableCell className="text-right tabular-nums">{d.attempts}</TableCell>
              <TableCell className="max-w-64">
                <span className="text-sm">{lastAnswer(d)}</span>
                {(d.response_excerpt || d.last_error) && (
                  <details className="text-xs text-muted-foreground">
                    <summary className="cursor-pointer">Details</summary>
                    {d.last_error && <p>{d.last_error}</p>}
                    {d.response_excerpt && <pre className="mt-1 max-h-32 overflow-auto rounded bg-muted p-2 break-all whitespace-pre-wrap">{d.response_excerpt}</pre>}
                  </details>
                )}
              </TableCell>
              <TableCell className="text-sm">{d.next_attempt_at && d.status === "pending" ? formatDateTime(d.next_attempt_at) : "—"}</TableCell>
              <TableCell className="text-right">
                <Button type="button" size="sm" variant="outline" disabled={redeliver.isPending} onClick={() => again(d)} aria-label={`Redeliver ${d.event_type} ${d.event_id}`}>
                  <RotateCw aria-hidden /> Redeliver
                </Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {(next_page || previous_page) && (
        <div className="flex items-center justify-end gap-2 text-sm">
          <Button type="button" size="sm" variant="outline" disabled={!previous_page} onClick={() => previous_page && setPage(previous_page)}>
            Previous
          </Button>
          <span className="text-muted-foreground">Page {page}</span>
          <Button type="button" size="sm" variant="outline" disabled={!next_page} onClick={() => next_page && setPage(next_page)}>
            Next
          </Button>
        </div>
      )}
    </div>
  );
}
