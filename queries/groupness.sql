-- groupness: how much of a group each cohort was at each session, on three measures set side by
-- side: the attendance rate (share of enrolled members not absent, from attendance), the GCQ-S
-- engagement group mean (cohesion_group) and the support-network density (support_network).
-- Each is standardised across all cohort-sessions that have it: z = (x − mean) / sd with the
-- sample sd, null when the measure is missing there or does not vary (fewer than two values, or
-- all equal). groupness is the mean of the z-scores present, so a session is comparable whatever
-- subset of measures it has. Rows: held sessions, and any session with engagement or density.
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

standardised as (
    select
        *,
        (attendance_rate - avg(attendance_rate) over ())
            / nullif(stddev_samp(attendance_rate) over (), 0) as attendance_z,
        (engagement_mean - avg(engagement_mean) over ())
            / nullif(stddev_samp(engagement_mean) over (), 0) as engagement_z,
        (density - avg(density) over ())
            / nullif(stddev_samp(density) over (), 0) as density_z
    from measures
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
