-- groupness: how much of a group each cohort was at each session, on three measures set side by
-- side: the attendance rate (share of enrolled members not absent, from attendance), the GCQ-S
-- engagement group mean (cohesion_group) and the support-network density (support_network).
-- Each is standardised among the cohorts of the same program at the same session number:
-- z = (x − mean) / sd with the sample sd over those cohort-sessions, so a cohort is compared with
-- its peers at the same point of the same program (standardised over every program and session
-- number at once, program and session number alone explained part of the score: first
-- sessions and short programs read as more or less of a group whatever the cohort). z is null
-- when the measure is missing there, does not vary, or fewer than min_cohorts = 5 cohorts of the
-- program have it at that session (a z-score among two or three is noise). groupness is the mean of the z-scores
-- present, so a session is comparable whatever subset of measures it has, and null when none is.
-- Rows: held sessions, and any session with engagement or density.
with attendance_rates as (
    select cohort, session, avg(case when status <> 'absent' then 1 else 0 end) as attendance_rate
    from attendance
    group by cohort, session
),

engagement as (
    select cohort, session, mean as engagement_mean
    from cohesion_group
    where instrument = 'gcqs' and scale = 'engagement'
),

densities as (
    select cohort, session, density
    from support_network
),

measures as (
    select
        s.cohort,
        s.program,
        s.session,
        a.attendance_rate,
        e.engagement_mean,
        d.density
    from sessions as s
    left join attendance_rates as a using (cohort, session)
    left join engagement as e using (cohort, session)
    left join densities as d using (cohort, session)
    where s.held or e.engagement_mean is not null or d.density is not null
),

settings as (
    select 5 as min_cohorts
),

standardised as (
    select
        m.*,
        case when count(attendance_rate) over peers >= s.min_cohorts then
            (attendance_rate - avg(attendance_rate) over peers)
                / nullif(stddev_samp(attendance_rate) over peers, 0)
        end as attendance_z,
        case when count(engagement_mean) over peers >= s.min_cohorts then
            (engagement_mean - avg(engagement_mean) over peers)
                / nullif(stddev_samp(engagement_mean) over peers, 0)
        end as engagement_z,
        case when count(density) over peers >= s.min_cohorts then
            (density - avg(density) over peers)
                / nullif(stddev_samp(density) over peers, 0)
        end as density_z
    from measures as m
    cross join settings as s
    window peers as (partition by m.program, m.session)
),

final as (
    select
        cohort,
        program,
        session,
        attendance_rate::double as attendance_rate,
        engagement_mean::double as engagement_mean,
        density::double as density,
        attendance_z::double as attendance_z,
        engagement_z::double as engagement_z,
        density_z::double as density_z,
        list_avg([attendance_z, engagement_z, density_z])::double as groupness
    from standardised
)

select * from final
order by cohort, session
