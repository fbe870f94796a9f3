"use client";

import { useState } from "react";
import { Plus, Webhook } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { useWebhookEndpoints } from "@/lib/queries/webhook-endpoints";
import { EndpointDialog } from "./endpoint-dialog";
import { EndpointItem } from "./endpoint-item";
import { EmptyState } from "@/components/monetization/shared/list-states";

/** Monetization → Webhooks: the platform's endpoints, their secrets and delivery logs. */
export function WebhooksSection({ platformKey }: { platformKey: string }) {
  const endpoints = useWebhookEndpoints(platformKey);
  const [adding, setAdding] = useState(false);

  return (
    <Card data-testid="webhooks-section">
      <CardHeader>
        <CardTitle>Webhooks</CardTitle>
        <CardDescription>
          Send sales, renewals, cancellations, refunds and disputes to your own systems as signed JSON (Standard Webhooks: verify the <code>webhook-signature</code> header with the endpoint&apos;s secret).
        </CardDescription>
        <CardAction>
          <Button type="button" size="sm" onClick={() => setAdding(true)}>
            <Plus aria-hidden /> Add endpoint
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent>
        {endpoints.isPending && <Skeleton className="h-16 w-full" />}
        {endpoints.isError && (
          <p role="alert" className="text-sm text-destructive">
            Could not load webhook endpoints: {endpoints.error.message}
          </p>
        )}
        {endpoints.isSuccess && endpoints.data.results.length === 0 && (
          <EmptyState icon={Webhook} className="rounded-xl border-2 p-6" title="No webhook endpoints yet" hint="Add one to be told of every sale as it happens." />
        )}
        {endpoints.isSuccess && endpoints.data.results.length > 0 && (
          <ul className="space-y-3">
            {endpoints.data.results.map((e) => (
              <EndpointItem key={e.id} platformKey={platformKey} endpoint={e} />
            ))}
          </ul>
        )}
      </CardContent>
      {adding && <EndpointDialog platformKey={platformKey} onClose={() => setAdding(false)} />}
    </Card>
  );
}
