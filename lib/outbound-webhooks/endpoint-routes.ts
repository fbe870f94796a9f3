import { z } from "zod";
import { withApi, json } from "@/lib/api/with-api";
import { pageQuery } from "@/lib/api/pagination";
import { platformParams } from "@/lib/api/route-params";
import { listDeliveries, retryDelivery } from "./deliveries";
import {
  createEndpointInput,
  deliveryPageSchema,
  deliveryQuery,
  endpointPageSchema,
  endpointSchema,
  endpointWithSecretSchema,
  retryAcceptedSchema,
  rotatedSecretSchema,
  updateEndpointInput,
} from "./endpoint-schema";
import { createEndpoint, deleteEndpoint, endpointView, findEndpoint, listEndpoints, rotateSecret, updateEndpoint } from "./endpoints";

// The webhook-endpoint API of a platform, for its owners and admins.

const endpointParams = platformParams.extend({ id: z.string().min(1).max(255).meta({ description: "The endpoint's id (`we_…`)." }) });
const deliveryParams = endpointParams.extend({ delivery: z.string().min(1).max(255).meta({ description: "The delivery's id (a uuid)." }) });

const REFUSALS =
  "400 `invalid_webhook_url` for a URL that is not http(s) or carries credentials, `webhook_destination_private` when the host resolves to a private, loopback, link-local, CGNAT or multicast address (unless the deployment sets OUTBOUND_WEBHOOKS_ALLOW_PRIVATE=1), `webhook_destination_unresolvable` when it does not resolve, `unknown_webhook_event` for an event type not listed.";

export const listEndpointsRoute = withApi(
  { auth: "platform-admin", scope: "platform", tags: ["webhook-endpoints"], params: platformParams, query: pageQuery, responses: { 200: endpointPageSchema }, summary: "List the platform's webhook endpoints", description: "Newest first; secrets are never listed." },
  ({ platform, query }) => listEndpoints(platform.id, query),
);

export const createEndpointRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["webhook-endpoints"],
    params: platformParams,
    body: createEndpointInput,
    responses: { 201: endpointWithSecretSchema },
    summary: "Create a webhook endpoint",
    description:
      "Every sale event of a subscribed type is POSTed to `url`, signed per Standard Webhooks (`webhook-id` = the event id, `webhook-timestamp`, `webhook-signature`) with the `whsec_…` secret that only this answer shows. Failed deliveries are retried with exponential backoff for about a day. " +
      REFUSALS,
  },
  async ({ platform, body }) => json(await createEndpoint(platform.id, body), 201),
);

export const readEndpointRoute = withApi(
  { auth: "platform-admin", scope: "platform", tags: ["webhook-endpoints"], params: endpointParams, responses: { 200: endpointSchema }, summary: "Read a webhook endpoint", description: "Without its secret." },
  async ({ platform, params }) => endpointView(await findEndpoint(platform.id, params.id)),
);

export const updateEndpointRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["webhook-endpoints"],
    params: endpointParams,
    body: updateEndpointInput,
    responses: { 200: endpointSchema },
    summary: "Change a webhook endpoint",
    description: "Any of url, events, description and disabled. " + REFUSALS,
  },
  ({ platform, params, body }) => updateEndpoint(platform.id, params.id, body),
);

export const deleteEndpointRoute = withApi(
  { auth: "platform-admin", scope: "platform", tags: ["webhook-endpoints"], params: endpointParams, responses: { 204: null }, summary: "Delete a webhook endpoint", description: "With its delivery log; pending retries stop." },
  async ({ platform, params }) => {
    await deleteEndpoint(platform.id, params.id);
  },
);

export const rotateSecretRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["webhook-endpoints"],
    params: endpointParams,
    responses: { 200: rotatedSecretSchema },
    summary: "Rotate a webhook endpoint's secret",
    description: "Answers the new secret, once. For 24 hours deliveries carry a signature with the previous secret too (space-separated in `webhook-signature`), so receivers can switch without missing events.",
  },
  ({ platform, params }) => rotateSecret(platform.id, params.id),
);

export const listDeliveriesRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["webhook-endpoints"],
    params: endpointParams,
    query: deliveryQuery,
    responses: { 200: deliveryPageSchema },
    summary: "List a webhook endpoint's deliveries",
    description: "Newest first, one row per event: status, attempts, the next attempt, the last answer's status and its first 1 KB.",
  },
  ({ platform, params, query }) => listDeliveries(platform.id, params.id, query),
);

export const retryDeliveryRoute = withApi(
  {
    auth: "platform-admin", scope: "platform", tags: ["webhook-endpoints"],
    params: deliveryParams,
    responses: { 202: retryAcceptedSchema },
    summary: "Redeliver a webhook",
    description: "Sends the delivery's event again now (a manual attempt, same `webhook-id`), whatever its status; the result shows in the delivery log.",
  },
  async ({ platform, params }) => json(await retryDelivery(platform.id, params.id, params.delivery), 202),
);
