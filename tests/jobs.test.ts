import { describe, expect, it } from "vitest";
import * as jobsRoute from "@/app/api/operator/jobs/route";
import * as retryRoute from "@/app/api/operator/jobs/[id]/retry/route";
import { jobQueue } from "@/lib/jobs/queue";
import { call } from "./support/http";
import { createPlatform, createUser } from "./support/fixtures";

describe("the job queue, as the operator sees it", () => {
  it("counts jobs per queue and state, lists the ones that failed for good, and retries them", async () => {
    const op = await createUser({ isOperator: true });
    const boss = await jobQueue();
    // a job with no retries left, failed by its worker
    const id = (await boss.send("email.send", { emailId: "00000000-0000-4000-8000-000000000001" }, { retryLimit: 0 }))!;
    const [job] = await boss.fetch("email.send");
    expect(job.id).toBe(id);
    await boss.fail("email.send", job.id, { message: "SMTP refused the connection" });
    await boss.send("webhook.deliver", { deliveryId: "x", attempt: 1 }, { startAfter: new Date(Date.now() + 3600_000) });

    const res = await call(jobsRoute.GET, { sessionUserId: op.id });
    expect(res.status).toBe(200);
    const email = res.json.queues.find((q: { name: string }) => q.name === "email.send");
    expect(email.counts).toMatchObject({ failed: 1, active: 0 });
    expect(res.json.queues.find((q: { name: string }) => q.name === "webhook.deliver").counts.created).toBe(1);
    expect(res.json.failed).toEqual([expect.objectContaining({ id, name: "email.send", error: "SMTP refused the connection", retry_count: 0 })]);

    const retried = await call(retryRoute.POST, { method: "POST", sessionUserId: op.id, params: { id } });
    expect(retried.status).toBe(200);
    expect((await boss.getJobById("email.send", id))?.state).toBe("retry");
    // only a failed job can be retried
    const again = await call(retryRoute.POST, { method: "POST", sessionUserId: op.id, params: { id } });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe("job_not_failed");
    expect((await call(retryRoute.POST, { method: "POST", sessionUserId: op.id, params: { id: "00000000-0000-4000-8000-00000000abcd" } })).status).toBe(404);
    expect((await call(retryRoute.POST, { method: "POST", sessionUserId: op.id, params: { id: "not-a-uuid" } })).status).toBe(400);
  });

  it("is for operators only", async () => {
    const p = await createPlatform();
    const owner = await createUser({ platformId: p.id, role: "owner" });
    expect((await call(jobsRoute.GET, { sessionUserId: owner.id })).status).toBe(403);
    expect((await call(jobsRoute.GET)).status).toBe(401);
  });
});
