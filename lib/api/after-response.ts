import { after } from "next/server";

/** Runs work once the response is sent (inside a request); elsewhere (scripts, tests) just starts it. */
export function afterResponse(work: () => Promise<unknown>) {
  const run = () => work().catch((e) => console.error("[after-response]", e));
  try {
    after(run);
  } catch {
    void run();
  }
}
