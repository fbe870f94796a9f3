import { Badge } from "@/components/ui/badge";
import type { WebhookDeliveryView } from "@/lib/queries/webhook-endpoints";

const LOOK: Record<WebhookDeliveryView["status"], { label: string; variant: "success" | "warning" | "destructive" }> = {
  succeeded: { label: "Delivered", variant: "success" },
  pending: { label: "Retrying", variant: "warning" },
  failed: { label: "Failed", variant: "destructive" },
};

export function DeliveryStatusBadge({ delivery }: { delivery: WebhookDeliveryView }) {
  const look = delivery.status === "pending" && delivery.attempts === 0 ? { label: "Queued", variant: "warning" as const } : LOOK[delivery.status];
  return <Badge variant={look.variant}>{look.label}</Badge>;
}
