// Where the access-decision counter keeps its state: one global slot per process, shared by every
// bundle that loads the counter. Pure (no db, no "server-only"), so the plain Node server script
// can reach the running counter at shutdown without importing the server modules.

export const DECISION_COUNTER_KEY = Symbol.for("tollgate.decision-counter");

export type DecisionCounterGlobal = typeof globalThis & { [DECISION_COUNTER_KEY]?: { stop: (() => Promise<void>) | null } };

/**
 * Stops the running counter and writes its last counts (a no-op when none runs). For a clean
 * shutdown: call it once the HTTP server stopped taking requests, before the process exits. Gives
 * up after `timeoutMs` so an unreachable database cannot hold the shutdown forever.
 */
export async function stopDecisionCounter(timeoutMs = 5000): Promise<void> {
  const slot = (globalThis as DecisionCounterGlobal)[DECISION_COUNTER_KEY];
  if (!slot?.stop) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      console.error("[insights] access decision counts not written within the shutdown timeout");
      resolve();
    }, timeoutMs);
  });
  await Promise.race([slot.stop(), late]).finally(() => clearTimeout(timer));
}
