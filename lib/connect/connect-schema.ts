import { z } from "zod";
import { redirectUrlSchema } from "@/lib/security/redirect-guard";

// What the Connect endpoints read and answer. No database or Stripe client here, so the browser
// hooks in lib/queries/connect.ts share these types.

export const connectStatusSchema = z
  .object({
    has_account: z.boolean(),
    account_id: z.string().nullable(),
    onboarding_complete: z.boolean().meta({ description: "Details submitted and charges enabled." }),
    details_submitted: z.boolean(),
    charges_enabled: z.boolean(),
    payouts_enabled: z.boolean(),
    requirements_due: z.array(z.string()).meta({ description: "Stripe's currently and past due requirements." }),
    business_type: z.string().nullable(),
    is_ready_for_payments: z.boolean().meta({ description: "The connected account can take card payments." }),
    is_owner: z.boolean().meta({ description: "The caller owns the platform and may manage the account." }),
    commission_percent: z.record(z.string(), z.number()).meta({ description: "Item type → the operator's commission in percent." }),
    commission_bps: z.record(z.string(), z.number().int()).meta({ description: "Item type → the operator's commission in basis points." }),
    status_checked_at: z.iso.datetime().nullable().meta({ description: "When the account was last read from Stripe." }),
  })
  .meta({ id: "ConnectStatus" });
export type ConnectStatus = z.infer<typeof connectStatusSchema>;

export const connectOnboardingLinkSchema = z
  .object({
    account_id: z.string(),
    onboarding_url: z.url().meta({ description: "Single-use Stripe onboarding page; send the owner there." }),
  })
  .meta({ id: "ConnectOnboardingLink" });
export type ConnectOnboardingLink = z.infer<typeof connectOnboardingLinkSchema>;

export const connectDashboardLinkSchema = z
  .object({ dashboard_url: z.url().meta({ description: "Single-use login link to the Express dashboard." }) })
  .meta({ id: "ConnectDashboardLink" });
export type ConnectDashboardLink = z.infer<typeof connectDashboardLinkSchema>;

export const connectDisconnectedSchema = z.object({ detail: z.string() }).meta({ id: "ConnectDisconnected" });
export type ConnectDisconnected = z.infer<typeof connectDisconnectedSchema>;

export const BUSINESS_TYPES = ["company", "individual"] as const;

export const onboardInput = z.object({
  return_url: redirectUrlSchema,
  refresh_url: redirectUrlSchema,
  business_type: z.enum(BUSINESS_TYPES).default("individual"),
});
export type OnboardInput = z.infer<typeof onboardInput>;
/** What a client sends (business_type may be left out). */
export type OnboardRequest = z.input<typeof onboardInput>;
