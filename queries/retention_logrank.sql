-- retention_logrank: do the Kaplan–Meier retention curves differ? The log-rank test as R's
-- survival::survdiff computes it, between programs (scope 'programs', one group per program) and,
-- for each program, between its cohorts (scope = the program's name, one group per cohort).
-- Time and event are those of retention_curve (int_retention_curves): among starters, a dropout
-- is an event at dropout_after, a completer is censored at the cohort's final planned session and
-- an ongoing member at their last attended session; everyone is at risk from session 1.
-- At each session t with dropouts, with n_gt of group g at risk (time ≥ t) and d_gt dropping
-- out, n_t and d_t their totals: observed O_g = Σ d_gt, expected E_g = Σ d_t·n_gt/n_t, and the
-- variance of O − E, V_gh = Σ d_t(n_t − d_t)/(n_t²(n_t − 1)) · n_gt·(δ_gh·n_t − n_ht) (terms with
-- n_t = 1 are 0). chisq = (O − E)ᵀ V⁻¹ (O − E) over the groups expecting dropouts, one left out
-- (logrank_chisq, in Go, builds V from the n_gt and d_t and solves: pipeline/functions.go), on
-- df = that number of groups − 1, and p_value
-- its upper chi-square tail. n_groups counts the groups with starters; chisq, df and p_value are
-- null when fewer than two groups expect a dropout (a program with one cohort, or no dropouts:
-- survdiff has no test to give).
with starters as (
    select program, cohort, exit_session, dropped
    from retention_starters
),

-- Each starter is in two tests: between programs (grouped by program) and between the cohorts
-- of their program.
members as (
    select 'programs' as scope, program as grp, exit_session, dropped from starters
    union all
    select program as scope, cohort as grp, exit_session, dropped from starters
),

groups as (
    select distinct scope, grp
    from members
),

event_times as (
    select distinct scope, exit_session as t
    from members
    where dropped
),

-- Each group's starters by exit session: what the numbers at risk are summed from, so that a
-- group × event time row adds up a few exit counts rather than every member still at risk.
exits as (
    select scope, grp, exit_session, count(*) as n, count(*) filter (where dropped) as d
    from members
    group by scope, grp, exit_session
),

at_risk as (
    select
        g.scope,
        g.grp,
        e.t,
        coalesce(sum(x.n), 0)::bigint as n_gt,
        coalesce(sum(x.d) filter (where x.exit_session = e.t), 0)::bigint as d_gt
    from groups as g
    join event_times as e using (scope)
    left join exits as x on x.scope = g.scope and x.grp = g.grp and x.exit_session >= e.t
    group by g.scope, g.grp, e.t
),

at_risk_totals as (
    select
        *,
        sum(n_gt) over (partition by scope, t) as n_t,
        sum(d_gt) over (partition by scope, t) as d_t
    from at_risk
),

-- expected is summed over a list in event-time order, not by sum(), whose parallel partial sums
-- of doubles meet in whatever order the threads finish: the same digits every run.
observed_expected as (
    select
        g.scope,
        g.grp,
        coalesce(sum(a.d_gt), 0)::double as observed,
        coalesce(list_sum(list(a.d_t * a.n_gt / a.n_t order by a.t) filter (where a.t is not null)), 0)::double
            as expected
    from groups as g
    left join at_risk_totals as a using (scope, grp)
    group by g.scope, g.grp
),

-- Each group's numbers at risk over the scope's event times, and the dropouts at each: the
-- chi-square is solved from them in Go (logrank_chisq), as a G × G matrix over a program's
-- many cohorts would be a large SQL result for little (and Go need not build it either: V is a
-- diagonal less a matrix of rank the number of event times, stats.LogRankChiSquareAtRisk).
risk_rows as (
    select
        g.scope,
        g.grp,
        coalesce(list(a.n_gt::double order by a.t) filter (where a.t is not null), []) as at_risk
    from groups as g
    left join at_risk as a using (scope, grp)
    group by g.scope, g.grp
),

event_counts as (
    select scope, list(d_t order by t) as events
    from (select scope, t, sum(d_gt)::double as d_t from at_risk group by scope, t)
    group by scope
),

tests as (
    select
        o.scope,
        count(*) as n_groups,
        count(*) filter (where o.expected > 0) - 1 as df,
        logrank_chisq(
            list(o.observed order by o.grp),
            list(o.expected order by o.grp),
            list(r.at_risk order by o.grp),
            coalesce(any_value(e.events), [])
        ) as chisq
    from observed_expected as o
    join risk_rows as r using (scope, grp)
    left join event_counts as e using (scope)
    group by o.scope
),

final as (
    select
        scope,
        n_groups::integer as n_groups,
        chisq::double as chisq,
        case when chisq is not null then df end::integer as df,
        case when chisq is not null then pchisq_upper(chisq, df) end::double as p_value
    from tests
)

select * from final
order by scope <> 'programs', scope
