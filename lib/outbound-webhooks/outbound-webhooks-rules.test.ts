import { describe, expect, it } from "vitest";
import { classifyAddress, type AddressClass } from "./address-policy";
import { checkDestination, parseWebhookUrl } from "./destination";
import { MAX_ATTEMPTS, nextAttemptAt, RETRY_DELAYS_SECONDS } from "./retry-schedule";

describe("webhook destination addresses", () => {
  const table: [string, AddressClass][] = [
    ["8.8.8.8", "public"],
    ["93.184.216.34", "public"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["10.0.0.1", "private"],
    ["10.255.255.255", "private"],
    ["100.64.0.1", "cgnat"],
    ["100.127.255.254", "cgnat"],
    ["100.128.0.1", "public"],
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["169.254.169.254", "link-local"],
    ["172.15.255.255", "public"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["198.18.0.1", "reserved"],
    ["224.0.0.1", "multicast"],
    ["239.255.255.250", "multicast"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:10.1.2.3", "private"],
    ["::ffff:169.254.169.254", "link-local"],
    ["::ffff:8.8.8.8", "public"],
    ["64:ff9b::a00:1", "private"],
    ["2002:c0a8:0101::1", "private"],
    ["[::1]", "loopback"],
    ["2606:4700:4700::1111", "public"],
    ["2001:4860:4860::8888", "public"],
    ["not-an-ip", "invalid"],
    ["1.2.3", "invalid"],
  ];
  it.each(table)("%s is %s", (ip, cls) => {
    expect(classifyAddress(ip)).toBe(cls);
  });

  it("refuses a host when any of its addresses is not public, and passes it with the private flag", async () => {
    const lookup = async () => [
      { address: "93.184.216.34", family: 4 },
      { address: "10.0.0.5", family: 4 },
    ];
    await expect(checkDestination("https://mixed.example/hook", { allowPrivate: false, lookup })).rejects.toMatchObject({ status: 400, code: "webhook_destination_private" });
    const ok = await checkDestination("https://mixed.example/hook", { allowPrivate: true, lookup });
    expect(ok).toMatchObject({ address: "93.184.216.34", family: 4 });
    const publicOnly = await checkDestination("https://example.test/hook", { allowPrivate: false, lookup: async () => [{ address: "2606:4700::1", family: 6 }] });
    expect(publicOnly).toMatchObject({ address: "2606:4700::1", family: 6 });
    await expect(checkDestination("https://nowhere.invalid/", { allowPrivate: true, lookup: async () => [] })).rejects.toMatchObject({ code: "webhook_destination_unresolvable" });
  });

  it.each([
    ["ftp://example.com/hook", "invalid_webhook_url"],
    ["file:///etc/passwd", "invalid_webhook_url"],
    ["https://user:pw@example.com/hook", "invalid_webhook_url"],
    ["not a url", "invalid_webhook_url"],
  ])("refuses %s with %s", (url, code) => {
    expect(() => parseWebhookUrl(url)).toThrow(expect.objectContaining({ code }));
  });
});

describe("the retry schedule", () => {
  const at = new Date("2026-01-01T00:00:00Z");
  const table: [number, number | null][] = [
    [1, 30],
    [2, 120],
    [3, 600],
    [4, 1800],
    [5, 3600],
    [6, 7200],
    [7, 14400],
    [8, 28800],
    [9, 28800],
    [10, null],
    [11, null],
    [0, null],
  ];
  it.each(table)("after attempt %i fails, waits %s s", (attempt, seconds) => {
    const next = nextAttemptAt(attempt, at);
    expect(next === null ? null : (next.getTime() - at.getTime()) / 1000).toBe(seconds);
  });

  it("keeps trying for about a day, then gives up", () => {
    const total = RETRY_DELAYS_SECONDS.reduce((a, b) => a + b, 0);
    expect(total / 3600).toBeGreaterThan(23);
    expect(total / 3600).toBeLessThanOrEqual(24);
    expect(MAX_ATTEMPTS).toBe(10);
  });
});
