-- One row per cohort, instrument, band and session; bands 1 to 3 bounded in order; n at least
-- one; the percentiles in order.
select *
from expected_response
where intake_band not between 1 and 3
    or (cohort, instrument, intake_band, session) in (
        select (cohort, instrument, intake_band, session) from expected_response group by all having count(*) > 1
    )
    or (intake_band = 1) <> (intake_low is null)
    or (intake_band = 3) <> (intake_high is null)
    or intake_low > intake_high
    or n < 1
    or not (p10 <= p50 + 1e-9 and p50 <= p90 + 1e-9)
