"use client";

import { useState } from "react";
import { ChevronDown, ChevronRight, KeyRound, Pencil, Trash2 } from "lucide-react";
import { toast } from "sonner";
import {
  AlertDialog,
  AlertDialogAction,
  AlertDialogCancel,
  AlertDialogContent,
  AlertDialogDescription,
  AlertDialogFooter,
  AlertDialogHeader,
  AlertDialogTitle,
  AlertDialogTrigger,
} from "@/components/ui/alert-dialog";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { formatDateTime } from "@/lib/format/format";
import {
  useDeleteWebhookEndpoint,
  useRotateWebhookSecret,
  useUpdateWebhookEndpoint,
  type RotatedSecret,
  type WebhookEndpointView,
} from "@/lib/queries/webhook-endpoints";
import { DeliveriesTable } from "./deliveries-table";
import { EndpointDialog } from "./endpoint-dialog";
import { SecretReveal } from "./secret-reveal";

/** One endpoint: its URL and events, its actions, and its delivery log when opened. */
export function EndpointItem({ platformKey, endpoint }: { platformKey: string; endpoint: WebhookEndpointView }) {
  const [open, setOpen] = useState(false);
  const [editing, setEditing] = useState(false);
  const [rotated, setRotated] = useState<RotatedSecret | null>(null);
  const update = useUpdateWebhookEndpoint(platformKey);
  const remove = useDeleteWebhookEndpoint(platformKey);
  const rotate = useRotateWebhookSecret(platformKey);
  const label = endpoint.description || endpoint.url;

  function setDisabled(disabled: boolean) {
    update.mutate(
      { id: endpoint.id, disabled },
      {
        onSuccess: () => toast.success(disabled ? "Endpoint disabled" : "Endpoint enabled"),
        onError: (e) => toast.error(`Could not save: ${e.message}`),
      },
    );
  }

  return (
    <li className="rounded-lg border" data-testid="webhook-endpoint">
      <div className="flex flex-wrap items-start gap-3 p-3">
        <button
          type="button"
          className="mt-0.5 rounded-sm focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:outline-none"
          aria-expanded={open}
          aria-label={`${open ? "Hide" : "Show"} deliveries of ${label}`}
          onClick={() => setOpen((o) => !o)}
        >
          {open ? <ChevronDown className="size-4" aria-hidden /> : <ChevronRight className="size-4" aria-hidden />}
        </button>
        <div className="min-w-0 flex-1 space-y-1">
          <p className="flex flex-wrap items-center gap-2">
            <span className="truncate font-mono text-sm" data-testid="webhook-endpoint-url">{endpoint.url}</span>
            {endpoint.disabled ? <Badge variant="secondary">Disabled</Badge> : <Badge variant="success">Enabled</Badge>}
          </p>
          {endpoint.description && <p className="text-sm text-muted-foreground">{endpoint.description}</p>}
          <p className="flex flex-wrap gap-1">
            {endpoint.events.map((e) => (
              <Badge key={e} variant="outline" className="font-mono">
                {e}
              </Badge>
            ))}
          </p>
          {endpoint.previous_secret_expires_at && (
            <p className="text-xs text-muted-foreground">The previous secret also signs until {formatDateTime(endpoint.previous_secret_expires_at)}.</p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          <Button type="button" size="sm" variant="outline" onClick={() => setEditing(true)} aria-label={`Edit ${label}`}>
            <Pencil aria-hidden /> Edit
          </Button>
          <AlertDialog>
            <AlertDialogTrigger asChild>
              <Button type="button" size="sm" variant="outline" disabled={rotate.isPending}>
                <KeyRound aria-hidden /> Rotate secret
              </Button>
            </AlertDialogTrigger>
            <AlertDialogContent>
              <AlertDialogHeader>
                <AlertDialogTitle>Rotate the signing secret?</AlertDialogTitle>
                <AlertDialogDescription>
                  A new secret is made and shown once. For 24 hours each webhook is signed with both the new and the current secret, so you can update your receiver without missing events.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel>Cancel</AlertDialogCancel>
                <AlertDialogAction
                  onClick={() =>
                    rotate.mutate(endpoint.id, {
                      onSuccess: (r) => setRotated(r),
                      onError: (e) => toast.error(`Could not rotate: ${e.message}`),
                    })
                  }
                >
                  Rotate secret
                </AlertDialogAction>
              </AlertDialogFooter>
            </AlertDialogContent>
          </AlertDialog>
          {endpoint.disabled ? (
            <Button type="button" size="sm" variant="outline" disabled={update.isPending} onClick={() => setDisabled(false)}>
              Enable
            </Button>
          ) : (
            <AlertDialog>
              <AlertDialogTrigger asChild>
                <Button type="button" size="sm" variant="outline" disabled={update.isPending}>
                  Disable
                </Button>
              </AlertDialogTrigger>
              <AlertDialogContent>
                <AlertDialogHeader>
                  <AlertDialogTitle>Disable this endpoint?</AlertDialogTitle>
                  <AlertDialogDescription>
                    No new events are sent to {endpoint.url} and pending retries stop. Events that happen while it is disabled are not sent later.
                  </AlertDialogDescription>
                </AlertDialogHeader>
                <AlertDialogFooter>
                  <AlertDialogCancel>Cancel</AlertDialogCancel>
                  <AlertDialogAction onClick={() => setDisabled(true)}>Disable endpoint</AlertDialogAction>
                </AlertDialogFooter>
              </AlertDialogContent>
            </AlertDialog>
          )}
          <AlertDialog>
            <AlertDialogTrigger asChild>
              <Button type="button" size="sm" variant="ghost" aria-label={`Delete ${label}`} disabled={remove.isPending}>
                <Trash2 aria-hidden />
              </Button>
            </AlertDialogTrigger>
            <AlertDialogContent>
              <AlertDialogHeader>
                <AlertDialogTitle>Delete this endpoint?</AlertDialogTitle>
                <AlertDialogDescription>
                  {endpoint.url} stops receiving events and its delivery log is deleted. This cannot be undone.
                </AlertDialogDescription>
              </AlertDialogHeader>
              <AlertDialogFooter>
                <AlertDialogCancel>Cancel</AlertDialogCancel>
                <AlertDialogAction
                  className="bg-destructive text-white hover:bg-destructive/90"
                  onClick={() =>
                    remove.mutate(endpoint.id, {
                      onSuccess: () => toast.success("Endpoint deleted"),
                      onError: (e) => toast.error(`Could not delete: ${e.message}`),
                    })
                  }
                >
                  Delete endpoint
                </AlertDialogAction>
              </AlertDialogFooter>
            </AlertDialogContent>
          </AlertDialog>
        </div>
      </div>
      {open && (
        <div className="border-t p-3">
          <DeliveriesTable platformKey={platformKey} endpointId={endpoint.id} />
        </div>
      )}
      {editing && <EndpointDialog platformKey={platformKey} endpoint={endpoint} onClose={() => setEditing(false)} />}
      {rotated && (
        <Dialog open onOpenChange={() => {}}>
          <DialogContent className="sm:max-w-xl" aria-describedby="rotated-description">
            <DialogHeader>
              <DialogTitle>New signing secret</DialogTitle>
              <DialogDescription id="rotated-description">
                The previous secret keeps signing until {formatDateTime(rotated.previous_secret_expires_at)}.
              </DialogDescription>
            </DialogHeader>
            <SecretReveal secret={rotated.secret} onDone={() => setRotated(null)} />
          </DialogContent>
        </Dialog>
      )}
    </li>
  );
}
