"use client";

import { useEffect } from "react";

/**
 * Coming back from Stripe with the browser's Back button can restore this page from the
 * back-forward cache with a "Redirecting…" button still spinning; reset it.
 */
export function useRedirectReset(reset: () => void) {
  useEffect(() => {
    const onPageShow = (e: PageTransitionEvent) => {
      if (e.persisted) reset();
    };
    window.addEventListener("pageshow", onPageShow);
    return () => window.removeEventListener("pageshow", onPageShow);
  }, [reset]);
}
