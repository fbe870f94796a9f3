"use client";

import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Field, FieldDescription, FieldError, FieldLabel } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Spinner } from "@/components/ui/spinner";
import { Textarea } from "@/components/ui/textarea";
import { ApiRequestError } from "@/lib/queries/fetch-json";
import {
  useCreateWebhookEndpoint,
  useUpdateWebhookEndpoint,
  WEBHOOK_DESCRIPTION_MAX,
  WEBHOOK_URL_MAX,
  type SaleEventType,
  type WebhookEndpointView,
} from "@/lib/queries/webhook-endpoints";
import { EventCheckboxes } from "./event-checkboxes";
import { SecretReveal } from "./secret-reveal";

/** Adds an endpoint (then shows its secret once) or edits one (`endpoint` given). */
export function EndpointDialog({ platformKey, endpoint, onClose }: { platformKey: string; endpoint?: WebhookEndpointView; onClose: () => void }) {
  const create = useCreateWebhookEndpoint(platformKey);
  const update = useUpdateWebhookEndpoint(platformKey);
  const [url, setUrl] = useState(endpoint?.url ?? "");
  const [events, setEvents] = useState<SaleEventType[]>(endpoint?.events ?? ["purchase.completed"]);
  const [description, setDescription] = useState(endpoint?.description ?? "");
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string[]>>({});
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const pending = create.isPending || update.isPending;

  const urlProblem = !url.trim() ? "A URL is required." : !/^https?:\/\//i.test(url.trim()) ? "Use an http:// or https:// URL." : null;
  const eventsProblem = events.length ? null : "Pick at least one event.";

  function failed(error: unknown) {
    const e = error instanceof ApiRequestError ? error : null;
    if (e && Object.keys(e.errors).length) {
      setServerErrors(e.errors);
      setServerMessage(e.errors.url || e.errors.events || e.errors.description ? null : e.detail);
    } else setServerMessage(e?.detail ?? "The server could not be reached. Try again.");
  }

  function submit(ev: FormEvent) {
    ev.preventDefault();
    setTouched(true);
    if (urlProblem || eventsProblem) return;
    setServerErrors({});
    setServerMessage(null);
    const body = { url: url.trim(), events, description: description.trim() };
    if (endpoint) {
      update.mutate(
        { id: endpoint.id, ...body, description: body.description || null },
        {
          onSuccess: () => {
            toast.success("Webhook endpoint saved");
            onClose();
          },
          onError: failed,
        },
      );
    } else {
      create.mutate(body, {
        onSuccess: (created) => {
          toast.success("Webhook endpoint added");
          setSecret(created.secret);
        },
        onError: failed,
      });
    }
  }

  const urlErrors = touched && urlProblem ? [urlProblem] : serverErrors.url;
  const eventErrors = touched && eventsProblem ? [eventsProblem] : serverErrors.events;

  return (
    <Dialog open onOpenChange={(open) => !open && !pending && !secret && onClose()}>
      <DialogContent className="max-h-[90dvh] overflow-y-auto sm:max-w-2xl" aria-describedby="endpoint-dialog-description">
        <DialogHeader>
          <DialogTitle>{secret ? "Endpoint added" : endpoint ? "Edit webhook endpoint" : "Add a webhook endpoint"}</DialogTitle>
          <DialogDescription id="endpoint-dialog-description">
            Tollgate POSTs each chosen event as JSON, signed per Standard Webhooks, and retries failed deliveries for about a day.
          </DialogDescription>
        </DialogHeader>
        {secret ? (
          <SecretReveal secret={secret} onDone={onClose} />
        ) : (
          <form id="endpoint-form" onSubmit={submit} className="space-y-4" noValidate>
            <Field data-invalid={!!urlErrors?.length}>
              <FieldLabel htmlFor="endpoint-url">Endpoint URL</FieldLabel>
              <Input
                id="endpoint-url"
                type="url"
                inputMode="url"
                value={url}
                maxLength={WEBHOOK_URL_MAX}
                placeholder="https://example.com/webhooks/tollgate"
                aria-invalid={!!urlErrors?.length}
                onChange={(e) => {
                  setUrl(e.target.value);
                  setServerErrors((s) => ({ ...s, url: [] }));
                }}
              />
              <FieldDescription>Public http(s) address; private, loopback and link-local addresses are refused.</FieldDescription>
              <FieldError errors={urlErrors?.map((message) => ({ message }))} />
            </Field>
            <Field data-invalid={!!eventErrors?.length}>
              <EventCheckboxes value={events} onChange={setEvents} invalid={!!eventErrors?.length} />
              <FieldError errors={eventErrors?.map((message) => ({ message }))} />
            </Field>
            <Field>
              <FieldLabel htmlFor="endpoint-description">Description (optional)</FieldLabel>
              <Textarea
                id="endpoint-description"
                value={description}
                maxLength={WEBHOOK_DESCRIPTION_MAX}
                placeholder="e.g. CRM sync"
                onChange={(e) => setDescription(e.target.value)}
              />
            </Field>
            {serverMessage && (
              <p role="alert" className="rounded-md bg-destructive/10 p-3 text-sm text-destructive">
                {serverMessage}
              </p>
            )}
          </form>
        )}
        {!secret && (
          <DialogFooter>
            <Button type="button" variant="outline" disabled={pending} onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" form="endpoint-form" disabled={pending}>
              {pending && <Spinner aria-hidden />}
              {endpoint ? "Save" : "Add endpoint"}
            </Button>
          </DialogFooter>
        )}
      </DialogContent>
    </Dialog>
  );
}
