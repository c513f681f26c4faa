-- int_contacts: each name a member gave in a check-in's `contacts` answer (the members they
-- connected with since the last session), matched as attendance names are: by email, else by a
-- roster name or alias of the same cohort (case, accents and spacing folded; a name shared by
-- two people matches neither), roster versions in force or older, guests included. An answer is
-- split into names on ';' (Microsoft Forms) or ', ' (Google Forms). One row per answer and name.
-- materialized: ephemeral
-- partition: cohort
with answers as (
    select cohort, session, participant_id, file_id, value
    from stg_responses
    where instrument = 'checkin' and item = 'contacts'
),

named as (
    select
        cohort,
        session,
        participant_id,
        file_id,
        trim(unnest(string_split_regex(value, ';|, '))) as contact
    from answers
),

keyed as (
    select
        *,
        lower(contact) as email_key,
        trim(regexp_replace(lower(strip_accents(contact)), '[\s\pZ_]+', ' ', 'g')) as name_key
    from named
    where contact <> ''
),

facilitator_keys as (
    select distinct cohort, facilitator_key as name_key
    from stg_schedule
    where facilitator_key is not null
),

final as (
    select distinct
        k.cohort,
        k.session,
        k.participant_id,
        k.file_id,
        k.contact,
        coalesce(e.participant_id, n.participant_id) as named_participant_id,
        f.name_key is not null as is_facilitator
    from keyed as k
    left join int_roster_keys as e on e.cohort = k.cohort and e.kind = 'email' and e.match_key = k.email_key
    left join int_roster_keys as n
        on n.cohort = k.cohort and n.kind = 'name' and n.match_key = k.name_key and not n.shared
    left join facilitator_keys as f on f.cohort = k.cohort and f.name_key = k.name_key
)

select * from final
