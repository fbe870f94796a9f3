-- The bodies are E'' strings with \073 for their semicolons, so statement splitters keep them whole.
--
-- The two statements of every access check as PL/pgSQL functions: the statements are what the
-- app sent before, but the server prepares each once per connection and reuses its plan, where a
-- plain query of this size is planned anew on every check (planning took three times as long as
-- running it).
--
-- access_decisions (lib/access/decision-query.ts): Every fact of a decision for each requested item, in one round trip: the
-- caller's role, catalog presence, the paywall, the caller's best own subscription, a held plan
-- that contains the item, a matching access rule, the metering of the granting subscription, and
-- (p_offers) the offers of a denial and the views of the own and the plan subscription.
CREATE OR REPLACE FUNCTION access_decisions(
  p_platform text, p_user text, p_email text, p_domain text, p_granting text[], p_types text[], p_ids text[], p_offers boolean
) RETURNS TABLE (
  ord int, role text, in_catalog boolean, paywall_id text, paywall_uid text, is_enabled boolean, allow_free_tier boolean, item_name text,
  subscription_id text, subscription_status text, plan_subscription_id text, plan_uid text, plan_name text,
  rule_id text, rule_ends_at timestamp, metered_price_id text, included_units int, unit_credits int, period_start timestamp,
  units_used int, wallet_balance int, prices jsonb, plan_offers jsonb, promotions jsonb, subscription_views jsonb
) LANGUAGE plpgsql STABLE
-- one plan for every call: the custom plans PostgreSQL tries first cost a full planning each
SET plan_cache_mode = force_generic_plan
AS E'
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH req(ord, item_type, item_id) AS (
    SELECT (x.o - 1)::int, x.t, x.i FROM unnest(p_types, p_ids) WITH ORDINALITY AS x(t, i, o)
  ),
  me AS (SELECT m.role::text AS role FROM memberships m WHERE m.platform_id = p_platform AND m.user_id = p_user),
  held_plans AS (
    SELECT s.id AS subscription_id, s.updated_at, pw.id, pw.unique_id::text AS plan_uid, pw.item_name AS plan_name, pw.plan_covers_all,
           s.price_id, s.interval::text AS sub_interval, s.current_period_start
      FROM subscriptions s
      JOIN paywalls pw ON pw.platform_id = s.platform_id AND pw.item_type = ''plan'' AND pw.item_id = s.item_id
     WHERE s.platform_id = p_platform AND s.item_type = ''plan''
       AND (s.user_id = p_user OR (s.user_id IS NULL AND s.email = p_email AND p_email <> ''''))
       AND s.status::text = ANY (p_granting)
  ),
  my_rules AS (
    SELECT r.id, r.target_type, r.target_id, r.ends_at FROM access_rules r
     WHERE r.platform_id = p_platform AND r.revoked_at IS NULL AND (r.ends_at IS NULL OR r.ends_at > now())
       AND ((r.match = ''role'' AND r.role::text = (SELECT me.role FROM me))
         OR (r.match = ''email_domain'' AND p_domain <> '''' AND r.email_domain = p_domain)
         OR (r.match = ''emails'' AND p_email <> '''' AND p_email = ANY (r.emails)))
  )
  SELECT req.ord, (SELECT me.role FROM me),
         EXISTS (SELECT 1 FROM catalog_items c WHERE c.platform_id = p_platform AND c.item_type = req.item_type AND c.item_id = req.item_id),
         pw.id, pw.unique_id::text, pw.is_enabled, pw.allow_free_tier, pw.item_name,
         s.id, s.status::text,
         hp.subscription_id, hp.plan_uid, hp.plan_name,
         ru.id, ru.ends_at::timestamp,
         mp.id, mp.included_units, mp.unit_credits,
         (CASE WHEN mp.id IS NOT NULL THEN ds.period_start END)::timestamp,
         coalesce(uc.units, 0)::int,
         coalesce(w.balance, 0)::int,
         CASE WHEN p_offers THEN (
           SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.sort_order, p.amount), ''[]''::jsonb)
             FROM prices p WHERE p.paywall_id = pw.id AND p.is_active AND p.deleted_at IS NULL) END,
         CASE WHEN p_offers THEN (
           SELECT coalesce(jsonb_agg(jsonb_build_object(''id'', op.unique_id::text, ''name'', op.item_name, ''covers_all_items'', op.plan_covers_all,
                    ''prices'', (SELECT coalesce(jsonb_agg(to_jsonb(p) ORDER BY p.sort_order, p.amount), ''[]''::jsonb)
                                 FROM prices p WHERE p.paywall_id = op.id AND p.is_active AND p.deleted_at IS NULL)) ORDER BY op.created_at), ''[]''::jsonb)
             FROM paywalls op
            WHERE op.platform_id = p_platform AND op.item_type = ''plan'' AND op.is_enabled AND req.item_type <> ''plan''
              AND (op.plan_covers_all OR EXISTS (SELECT 1 FROM plan_items pi WHERE pi.paywall_id = op.id AND pi.item_type = req.item_type AND pi.item_id = req.item_id))) END,
         CASE WHEN p_offers THEN (
           SELECT coalesce(jsonb_agg(jsonb_build_object(''code'', pc.code, ''percent_off_bps'', pc.percent_off_bps, ''amount_off'', pc.amount_off,
                    ''currency'', pc.currency, ''duration'', pc.duration, ''duration_in_months'', pc.duration_in_months, ''expires_at'', pc.expires_at)
                    ORDER BY pc.created_at), ''[]''::jsonb)
             FROM promotion_codes pc
            WHERE pc.platform_id = p_platform AND pc.is_public AND pc.active AND (pc.expires_at IS NULL OR pc.expires_at > now())
              AND (pc.max_redemptions IS NULL OR (SELECT count(*) FROM promotion_redemptions pr WHERE pr.promotion_code_id = pc.id) < pc.max_redemptions)
              AND (pc.applies_to = ''[]''::jsonb
                   OR pc.applies_to @> jsonb_build_array(jsonb_build_object(''item_type'', req.item_type, ''item_id'', req.item_id)))) END,
         CASE WHEN p_offers AND coalesce(s.id, hp.subscription_id) IS NOT NULL THEN (
           SELECT jsonb_agg(jsonb_build_object(''subscription'', to_jsonb(sx), ''price'', to_jsonb(px), ''item_name'', pwx.item_name,
                    ''user'', CASE WHEN ux.id IS NULL THEN NULL ELSE jsonb_build_object(''id'', ux.id, ''email'', ux.email, ''name'', ux.name) END))
             FROM subscriptions sx
             LEFT JOIN prices px ON px.id = sx.price_id
             LEFT JOIN users ux ON ux.id = sx.user_id
             LEFT JOIN paywalls pwx ON pwx.id = sx.paywall_id
            WHERE sx.id IN (s.id, hp.subscription_id)) END
    FROM req
    LEFT JOIN paywalls pw ON pw.platform_id = p_platform AND pw.item_type = req.item_type AND pw.item_id = req.item_id
    LEFT JOIN LATERAL (
      SELECT s.id, s.status, s.price_id, s.interval::text AS sub_interval, s.current_period_start FROM subscriptions s
       WHERE s.platform_id = p_platform AND s.item_type = req.item_type AND s.item_id = req.item_id
         AND (s.user_id = p_user OR (s.user_id IS NULL AND s.email = p_email AND p_email <> ''''))
       ORDER BY (s.status::text = ANY (p_granting)) DESC, s.updated_at DESC
       LIMIT 1
    ) s ON TRUE
    LEFT JOIN LATERAL (
      SELECT hp.* FROM held_plans hp
       WHERE req.item_type <> ''plan''
         AND (hp.plan_covers_all OR EXISTS (SELECT 1 FROM plan_items pi WHERE pi.paywall_id = hp.id AND pi.item_type = req.item_type AND pi.item_id = req.item_id))
       ORDER BY hp.updated_at DESC LIMIT 1
    ) hp ON TRUE
    LEFT JOIN LATERAL (
      SELECT r.id, r.ends_at FROM my_rules r
       WHERE (r.target_type = req.item_type AND r.target_id = req.item_id)
          OR (r.target_type = ''plan'' AND req.item_type <> ''plan'' AND EXISTS (
                SELECT 1 FROM paywalls rp
                 WHERE rp.platform_id = p_platform AND rp.item_type = ''plan'' AND rp.item_id = r.target_id
                   AND (rp.plan_covers_all OR EXISTS (SELECT 1 FROM plan_items pi WHERE pi.paywall_id = rp.id AND pi.item_type = req.item_type AND pi.item_id = req.item_id))))
       ORDER BY r.ends_at DESC NULLS FIRST LIMIT 1
    ) ru ON TRUE
    -- the subscription that grants access, as decide() picks it: the own one, else the plan''s
    LEFT JOIN LATERAL (
      SELECT d.price_id,
             CASE WHEN d.sub_interval = ''one_time'' OR d.current_period_start IS NULL
                  THEN date_trunc(''month'', now() AT TIME ZONE ''UTC'') ELSE d.current_period_start END AS period_start
        FROM (SELECT 0 AS k, s.price_id, s.sub_interval, s.current_period_start WHERE s.status::text = ANY (p_granting)
              UNION ALL
              SELECT 1, hp.price_id, hp.sub_interval, hp.current_period_start WHERE hp.subscription_id IS NOT NULL) d
       ORDER BY d.k LIMIT 1
    ) ds ON TRUE
    LEFT JOIN prices mp ON mp.id = ds.price_id AND (mp.included_units IS NOT NULL OR mp.unit_credits IS NOT NULL)
    LEFT JOIN usage_counters uc ON mp.id IS NOT NULL AND uc.platform_id = p_platform AND uc.user_id = p_user
      AND uc.item_type = req.item_type AND uc.item_id = req.item_id AND uc.period_start = ds.period_start
    LEFT JOIN wallets w ON mp.id IS NOT NULL AND w.platform_id = p_platform AND w.user_id = p_user
   ORDER BY req.ord\073
END
';

-- request_preload (lib/api/request-preload.ts): the caller — an API token (by its key's hash, not
-- revoked) and its user, or a session's user — with the platform the path names (by key, or by a
-- paywall's uid), the item's paywall and the caller's membership there.
CREATE OR REPLACE FUNCTION request_preload(
  p_token_hash text, p_session_user text, p_pk text, p_item_type text, p_item_id text, p_uid uuid
) RETURNS TABLE (token jsonb, "user" jsonb, token_domains text[], platform jsonb, paywall jsonb, role text)
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan
AS E'
#variable_conflict use_column
BEGIN
  RETURN QUERY
  WITH tok AS (
    SELECT t.id, t.user_id, t.platform_id, t.last_used_at FROM api_tokens t
     WHERE p_token_hash IS NOT NULL AND t.token_hash = p_token_hash AND t.revoked_at IS NULL
  ),
  usr AS (
    SELECT u.* FROM users u WHERE u.id = (CASE WHEN p_token_hash IS NOT NULL THEN (SELECT tok.user_id FROM tok) ELSE p_session_user END)
  ),
  by_uid AS (SELECT w.* FROM paywalls w WHERE p_uid IS NOT NULL AND w.unique_id = p_uid),
  pl AS (
    SELECT p.* FROM platforms p WHERE p_pk IS NOT NULL AND p.key = p_pk
    UNION ALL
    SELECT p.* FROM platforms p WHERE p_pk IS NULL AND p.id = (SELECT by_uid.platform_id FROM by_uid)
  ),
  pw AS (
    SELECT w.* FROM paywalls w
     WHERE p_uid IS NULL AND p_item_type IS NOT NULL AND w.platform_id = (SELECT pl.id FROM pl) AND w.item_type = p_item_type AND w.item_id = p_item_id
    UNION ALL
    SELECT * FROM by_uid
  )
  SELECT (SELECT to_jsonb(tok) FROM tok),
         (SELECT to_jsonb(usr) FROM usr),
         (SELECT tp.allowed_domains FROM platforms tp WHERE tp.id = (SELECT tok.platform_id FROM tok)),
         (SELECT to_jsonb(pl) FROM pl),
         (SELECT to_jsonb(pw) FROM pw WHERE pw.platform_id = (SELECT pl.id FROM pl)),
         (SELECT m.role::text FROM memberships m WHERE m.platform_id = (SELECT pl.id FROM pl) AND m.user_id = (SELECT usr.id FROM usr))\073
END
';
