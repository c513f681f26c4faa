-- One network per cohort and session, with no more ties than ordered pairs of members, density
-- and reciprocity within [0, 1], and reciprocity null exactly when there are no ties.
select *
from support_network
where (cohort, session) in (
        select (cohort, session) from support_network group by all having count(*) > 1
    )
    or n_ties < 0
    or n_ties > n_members * (n_members - 1)
    or density < 0
    or density > 1
    or reciprocity < 0
    or reciprocity > 1
    or (reciprocity is null) <> (n_ties = 0)
