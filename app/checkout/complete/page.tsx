import type { Metadata } from "next";
import { CheckoutComplete } from "@/components/checkout/checkout-complete";

export const metadata: Metadata = { title: "Thank you" };

export default async function CheckoutCompletePage({ searchParams }: { searchParams: Promise<{ session_id?: string | string[] }> }) {
  const { session_id } = await searchParams;
  const sessionId = (Array.isArray(session_id) ? session_id[0] : session_id)?.trim() ?? "";
  // keyed so a different session starts a fresh wait
  return <CheckoutComplete key={sessionId} sessionId={sessionId} />;
}
