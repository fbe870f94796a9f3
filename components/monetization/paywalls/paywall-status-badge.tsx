import { TriangleAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { paywallStatus } from "./paywall-utils";

/** Active / No tiers (warning) / Disabled, with the reason in the accessible name for the warning. */
export function PaywallStatusBadge({ isEnabled, activeTiers }: { isEnabled: boolean; activeTiers: number }) {
  const status = paywallStatus(isEnabled, activeTiers);
  if (status === "active") return <Badge variant="success">Active</Badge>;
  if (status === "disabled") return <Badge variant="secondary">Disabled</Badge>;
  return (
    <Badge variant="warning" title="The paywall is on but has no active tier: nobody can buy or open the item.">
      <TriangleAlert aria-hidden /> On, no tiers
    </Badge>
  );
}
