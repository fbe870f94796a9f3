// Bulk catalog data for the access benchmarks, loaded with set-based SQL (seconds, not hours):
// `paywalls` enabled paywalls on acme, each a catalog item with a one-time tier, and
// `subscriptions` spread over them — mostly other buyers' (guest e-mails), a few of the
// benchmark learner's own, in every status, as a real platform's history looks.
import type { Query } from "../../reliability/money/db";

export async function loadAccessScale(q: Query, opts: { paywalls: number; subscriptions: number; learnerEmail: string }) {
  const [{ id: platformId }] = (await q(`SELECT id FROM platforms WHERE key = 'acme'`)) as { id: string }[];
  const [{ id: learnerId }] = (await q(`SELECT id FROM users WHERE email = $1`, [opts.learnerEmail])) as { id: string }[];
  await q(
    `INSERT INTO catalog_items (id, platform_id, item_type, item_id, name, description, created_at, updated_at)
     SELECT 'bench_ci_' || g, $1, 'course', 'bench-' || lpad(g::text, 6, '0'), 'Bench course ' || g, '', now(), now()
       FROM generate_series(1, $2::int) g`,
    [platformId, opts.paywalls],
  );
  await q(
    `INSERT INTO paywalls (id, unique_id, platform_id, item_type, item_id, item_name, is_enabled, paywall_enabled_at, created_at, updated_at)
     SELECT 'bench_pw_' || g, gen_random_uuid(), $1, 'course', 'bench-' || lpad(g::text, 6, '0'), 'Bench course ' || g, true, now(), now(), now()
       FROM generate_series(1, $2::int) g`,
    [platformId, opts.paywalls],
  );
  await q(
    `INSERT INTO prices (id, unique_id, paywall_id, name, amount, currency, interval, sort_order, created_at, updated_at)
     SELECT 'bench_pr_' || g, gen_random_uuid(), 'bench_pw_' || g, 'Lifetime', 1900 + (g % 7) * 100, 'usd', 'one_time', 0, now(), now()
       FROM generate_series(1, $1::int) g`,
    [opts.paywalls],
  );
  // other buyers: item g % paywalls, statuses as a platform's history has them
  await q(
    `INSERT INTO subscriptions (id, unique_id, platform_id, paywall_id, item_type, item_id, user_id, email, price_id, amount, currency, interval,
                                status, current_period_start, stripe_subscription_id, created_at, updated_at)
     SELECT 'bench_sub_' || g, gen_random_uuid(), $1, 'bench_pw_' || (1 + g % $3::int), 'course', 'bench-' || lpad((1 + g % $3::int)::text, 6, '0'),
            NULL, 'buyer-' || (g % ($2::int / 4 + 1)) || '@bench.test', 'bench_pr_' || (1 + g % $3::int), 1900, 'usd', 'one_time',
            (CASE WHEN g % 10 = 0 THEN 'canceled' ELSE 'active' END)::"SubscriptionStatus",
            now() - (g % 365) * interval '1 day', 'pi_bench_' || g, now() - (g % 365) * interval '1 day', now() - (g % 365) * interval '1 day'
       FROM generate_series(1, $2::int) g`,
    [platformId, opts.subscriptions, opts.paywalls],
  );
  // the learner's own history: 40 items bought, every fourth since canceled
  await q(
    `INSERT INTO subscriptions (id, unique_id, platform_id, paywall_id, item_type, item_id, user_id, email, price_id, amount, currency, interval,
                                status, current_period_start, stripe_subscription_id, created_at, updated_at)
     SELECT 'bench_mine_' || g, gen_random_uuid(), $1, 'bench_pw_' || g, 'course', 'bench-' || lpad(g::text, 6, '0'),
            $2, $3, 'bench_pr_' || g, 1900, 'usd', 'one_time', (CASE WHEN g % 4 = 0 THEN 'canceled' ELSE 'active' END)::"SubscriptionStatus",
            now(), 'pi_bench_mine_' || g, now(), now()
       FROM generate_series(1, 40) g`,
    [platformId, learnerId, opts.learnerEmail],
  );
  await q(`ANALYZE`);
  return { platformId, learnerId };
}
