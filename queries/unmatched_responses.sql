-- unmatched_responses: survey and check-in answers that no mart counts, with the reason, to be
-- reviewed and corrected (roster, cohort/session columns, instrument names), never dropped
-- silently: respondents on no roster (or not on the roster of the cohort the file names), forms
-- that fit no session, unknown instruments or items, and values that are not a number or out
-- of the item's range. One row per file, respondent, cohort, session, instrument and reason;
-- cohort and session are where the form was attached, else as the file gives them.
-- partition: cohort (attached_cohort)
with left_out as (
    select *
    from int_responses_attached
    where reason is not null
),

final as (
    select distinct
        f.file,
        l.email,
        coalesce(l.cohort, l.given_cohort) as cohort,
        -- the cohort the form was attached to (an item it has that cannot be scored), null
        -- when the form is attached nowhere
        l.cohort as attached_cohort,
        coalesce(l.session, l.given_session) as session,
        l.instrument,
        l.reason
    from left_out as l
    join raw_files as f using (file_id)
)

select * from final
order by file, email, cohort, session, instrument, reason
