-- One log-rank row per scope: between programs, and for each program with starters between its
-- cohorts; a test has a chi-square of 0 or more on 1 to n_groups − 1 df and a p-value in [0, 1].
select *
from retention_logrank
where scope in (select scope from retention_logrank group by all having count(*) > 1)
    or (scope <> 'programs' and scope not in (select program from retention where outcome <> 'never_started'))
    or n_groups < 1
    or chisq < -1e-9
    or df < 1
    or df > n_groups - 1
    or p_value < 0
    or p_value > 1
    or (chisq is null) <> (p_value is null)
