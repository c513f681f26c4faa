-- A small hand-written cohort for the report tests: "spring-2026" (program
-- "intro") has four planned sessions, of which session 4 is not yet held, and
-- five members between them showing every attendance status and every
-- retention outcome. "autumn-2025" is there so that filters are exercised.
--
-- The later marts cover every other part of the cohort report, and between
-- them put four members on its check-on list, one rule or more each:
--   Bea (p0b1c2d3e4f5a) missed session 3, the last held, deteriorated
--     reliably on the ORS, and rated session 2 at 35 on the GSRS, under 36;
--   Cal (p7c8d9e0f1a2b) missed session 3, and every session before it;
--   Dee (p4d5e6f7a8b9c) fell from 5.6 to 4.4 on GCQ-S engagement, and her GSRS
--     rating fell from 37 to 32 (under 36, and by 5);
--   Eli (p9e8d7c6b5a4f) scored 2.4 on engagement at session 3, 1.15 sd below
--     the group mean of 3.8 (though only 0.4 below his own first score).
-- Ada (p3fa2c1d09b7e) meets no rule: her engagement moved little, she improved
-- on the ORS and did not change reliably on the PHQ-9, and her GSRS rating
-- fell by 4 to 36.

CREATE TABLE sessions (
	cohort VARCHAR, program VARCHAR, session INTEGER,
	starts_at TIMESTAMPTZ, ends_at TIMESTAMPTZ, held BOOLEAN
);
CREATE TABLE attendance (
	cohort VARCHAR, program VARCHAR, session INTEGER, participant_id VARCHAR,
	status VARCHAR, minutes_present INTEGER, late_minutes INTEGER, left_early_minutes INTEGER
);
CREATE TABLE retention (
	cohort VARCHAR, program VARCHAR, participant_id VARCHAR,
	sessions_planned INTEGER, sessions_attended INTEGER, last_attended INTEGER,
	outcome VARCHAR, dropout_after INTEGER
);
CREATE TABLE pii_people (participant_id VARCHAR, name VARCHAR, email VARCHAR);

-- Sessions start at 10:00 UTC so that their dates are the same in every zone
-- from UTC-10 to UTC+13.
INSERT INTO sessions VALUES
	('autumn-2025', 'intro', 1, '2025-10-06 10:00:00+00', '2025-10-06 11:30:00+00', true),
	('spring-2026', 'intro', 1, '2026-03-02 10:00:00+00', '2026-03-02 11:30:00+00', true),
	('spring-2026', 'intro', 2, '2026-03-09 10:00:00+00', '2026-03-09 11:30:00+00', true),
	('spring-2026', 'intro', 3, '2026-03-16 10:00:00+00', '2026-03-16 11:30:00+00', true),
	('spring-2026', 'intro', 4, '2026-03-23 10:00:00+00', '2026-03-23 11:30:00+00', false);

INSERT INTO attendance VALUES
	('autumn-2025', 'intro', 1, 'p5a5a5a5a5a5a', 'present', 90, 0, 0),
	-- Ada: every held session.
	('spring-2026', 'intro', 1, 'p3fa2c1d09b7e', 'present', 90, 0, 0),
	('spring-2026', 'intro', 2, 'p3fa2c1d09b7e', 'present', 88, 0, 0),
	('spring-2026', 'intro', 3, 'p3fa2c1d09b7e', 'present', 90, 0, 0),
	-- Bea: late, left early, then gone.
	('spring-2026', 'intro', 1, 'p0b1c2d3e4f5a', 'late', 75, 15, 0),
	('spring-2026', 'intro', 2, 'p0b1c2d3e4f5a', 'left_early', 60, 0, 30),
	('spring-2026', 'intro', 3, 'p0b1c2d3e4f5a', 'absent', 0, 0, 0),
	-- Cal: never came.
	('spring-2026', 'intro', 1, 'p7c8d9e0f1a2b', 'absent', 0, 0, 0),
	('spring-2026', 'intro', 2, 'p7c8d9e0f1a2b', 'absent', 0, 0, 0),
	('spring-2026', 'intro', 3, 'p7c8d9e0f1a2b', 'absent', 0, 0, 0),
	-- Dee: present, late, left early.
	('spring-2026', 'intro', 1, 'p4d5e6f7a8b9c', 'present', 90, 0, 0),
	('spring-2026', 'intro', 2, 'p4d5e6f7a8b9c', 'late', 80, 10, 0),
	('spring-2026', 'intro', 3, 'p4d5e6f7a8b9c', 'left_early', 70, 0, 20),
	-- Eli: missed the middle session; session 3 was recorded as a mark, so
	-- his minutes there are unknown.
	('spring-2026', 'intro', 1, 'p9e8d7c6b5a4f', 'present', 90, 0, 0),
	('spring-2026', 'intro', 2, 'p9e8d7c6b5a4f', 'absent', 0, 0, 0),
	('spring-2026', 'intro', 3, 'p9e8d7c6b5a4f', 'present', NULL, NULL, NULL);

-- Outcomes are hand-set to cover all four; the report shows the mart as it is.
INSERT INTO retention VALUES
	('autumn-2025', 'intro', 'p5a5a5a5a5a5a', 1, 1, 1, 'completed', NULL),
	('spring-2026', 'intro', 'p3fa2c1d09b7e', 4, 3, 3, 'completed', NULL),
	('spring-2026', 'intro', 'p0b1c2d3e4f5a', 4, 2, 2, 'dropped_out', 2),
	('spring-2026', 'intro', 'p7c8d9e0f1a2b', 4, 0, NULL, 'never_started', NULL),
	('spring-2026', 'intro', 'p4d5e6f7a8b9c', 4, 3, 3, 'ongoing', NULL),
	('spring-2026', 'intro', 'p9e8d7c6b5a4f', 4, 2, 3, 'ongoing', NULL);

INSERT INTO pii_people VALUES
	('p3fa2c1d09b7e', 'Ada Quinn', 'ada.quinn@example.org'),
	('p0b1c2d3e4f5a', 'Bea Ortiz', 'bea.ortiz@example.org'),
	('p7c8d9e0f1a2b', 'Cal Ng', 'cal.ng@example.org'),
	('p4d5e6f7a8b9c', 'Dee Park', 'dee.park@example.org'),
	('p9e8d7c6b5a4f', 'Eli Moss', 'eli.moss@example.org'),
	('p5a5a5a5a5a5a', 'Fay Lund', 'fay.lund@example.org');

-- Kaplan–Meier curves as retention_curve_cohort and retention_curve compute
-- them: the cohort's from its retention rows above (with sessions 1 to 4), the
-- program's pooled over 30 starters of intro cohorts, most not in this file.
CREATE TABLE retention_curve_cohort (
	cohort VARCHAR, program VARCHAR, session INTEGER,
	n_at_risk INTEGER, n_dropped INTEGER, n_censored INTEGER,
	survival DOUBLE, ci_low DOUBLE, ci_high DOUBLE
);
INSERT INTO retention_curve_cohort VALUES
	('autumn-2025', 'intro', 1, 1, 0, 1, 1.0, NULL, NULL),
	('spring-2026', 'intro', 1, 4, 0, 0, 1.0, NULL, NULL),
	('spring-2026', 'intro', 2, 4, 1, 0, 0.75, 0.1279469175951458, 0.9605486422850784),
	('spring-2026', 'intro', 3, 3, 0, 2, 0.75, 0.1279469175951458, 0.9605486422850784),
	-- Session 4 is not held: the row only carries the curve forward.
	('spring-2026', 'intro', 4, 1, 0, 1, 0.75, 0.1279469175951458, 0.9605486422850784);

CREATE TABLE retention_curve (
	program VARCHAR, session INTEGER,
	n_at_risk INTEGER, n_dropped INTEGER, n_censored INTEGER,
	survival DOUBLE, ci_low DOUBLE, ci_high DOUBLE
);
INSERT INTO retention_curve VALUES
	('advanced', 1, 12, 0, 0, 1.0, NULL, NULL),
	('intro', 1, 30, 2, 0, 0.9333333333333333, 0.7588587856248478, 0.9828977203539493),
	('intro', 2, 28, 4, 0, 0.8, 0.6080389615384225, 0.9047621034574318),
	('intro', 3, 24, 2, 2, 0.7333333333333334, 0.5369148467562624, 0.856691824815842),
	('intro', 4, 20, 0, 20, 0.7333333333333334, 0.5369148467562624, 0.856691824815842);

-- GCQ-S scale scores (means of 0-6 items: engagement 5 items, avoidance 3,
-- conflict 4) of the members who came, a check-in score and an ORS total that
-- the GCQ-S part must leave out, and another cohort's score.
CREATE TABLE cohesion_member (
	cohort VARCHAR, session INTEGER, participant_id VARCHAR,
	instrument VARCHAR, scale VARCHAR, score DOUBLE, items_answered INTEGER
);
INSERT INTO cohesion_member VALUES
	('autumn-2025', 1, 'p5a5a5a5a5a5a', 'gcqs', 'engagement', 1.0, 5),
	('spring-2026', 1, 'p3fa2c1d09b7e', 'gcqs', 'engagement', 4.0, 5),
	('spring-2026', 1, 'p0b1c2d3e4f5a', 'gcqs', 'engagement', 3.6, 5),
	('spring-2026', 1, 'p4d5e6f7a8b9c', 'gcqs', 'engagement', 5.6, 5),
	('spring-2026', 1, 'p9e8d7c6b5a4f', 'gcqs', 'engagement', 2.8, 5),
	('spring-2026', 2, 'p3fa2c1d09b7e', 'gcqs', 'engagement', 4.2, 5),
	('spring-2026', 2, 'p0b1c2d3e4f5a', 'gcqs', 'engagement', 3.6, 5),
	('spring-2026', 2, 'p4d5e6f7a8b9c', 'gcqs', 'engagement', 5.0, 5),
	('spring-2026', 3, 'p3fa2c1d09b7e', 'gcqs', 'engagement', 4.6, 5),
	('spring-2026', 3, 'p4d5e6f7a8b9c', 'gcqs', 'engagement', 4.4, 5),
	('spring-2026', 3, 'p9e8d7c6b5a4f', 'gcqs', 'engagement', 2.4, 5),
	('spring-2026', 1, 'p3fa2c1d09b7e', 'gcqs', 'avoidance', 1.0, 3),
	('spring-2026', 1, 'p0b1c2d3e4f5a', 'gcqs', 'avoidance', 2.0, 3),
	('spring-2026', 1, 'p4d5e6f7a8b9c', 'gcqs', 'avoidance', 2.0 / 3, 3),
	('spring-2026', 1, 'p9e8d7c6b5a4f', 'gcqs', 'avoidance', 7.0 / 3, 3),
	('spring-2026', 2, 'p3fa2c1d09b7e', 'gcqs', 'avoidance', 4.0 / 3, 3),
	('spring-2026', 2, 'p0b1c2d3e4f5a', 'gcqs', 'avoidance', 8.0 / 3, 3),
	('spring-2026', 2, 'p4d5e6f7a8b9c', 'gcqs', 'avoidance', 1.0, 3),
	('spring-2026', 3, 'p3fa2c1d09b7e', 'gcqs', 'avoidance', 2.0 / 3, 3),
	('spring-2026', 3, 'p4d5e6f7a8b9c', 'gcqs', 'avoidance', 4.0 / 3, 3),
	('spring-2026', 3, 'p9e8d7c6b5a4f', 'gcqs', 'avoidance', 2.0, 3),
	('spring-2026', 1, 'p3fa2c1d09b7e', 'gcqs', 'conflict', 0.5, 4),
	('spring-2026', 1, 'p0b1c2d3e4f5a', 'gcqs', 'conflict', 1.25, 4),
	('spring-2026', 1, 'p4d5e6f7a8b9c', 'gcqs', 'conflict', 0.75, 4),
	('spring-2026', 1, 'p9e8d7c6b5a4f', 'gcqs', 'conflict', 1.0, 4),
	('spring-2026', 2, 'p3fa2c1d09b7e', 'gcqs', 'conflict', 1.0, 4),
	('spring-2026', 2, 'p0b1c2d3e4f5a', 'gcqs', 'conflict', 2.0, 4),
	('spring-2026', 2, 'p4d5e6f7a8b9c', 'gcqs', 'conflict', 1.5, 4),
	('spring-2026', 3, 'p3fa2c1d09b7e', 'gcqs', 'conflict', 0.75, 4),
	('spring-2026', 3, 'p4d5e6f7a8b9c', 'gcqs', 'conflict', 1.0, 4),
	('spring-2026', 3, 'p9e8d7c6b5a4f', 'gcqs', 'conflict', 1.25, 4),
	('spring-2026', 1, 'p3fa2c1d09b7e', 'checkin', 'connected', 7.0, 1),
	('spring-2026', 1, 'p3fa2c1d09b7e', 'ors', 'total', 18.0, 4),
	-- the outcome totals behind outcome_change, for each member's course
	('spring-2026', 3, 'p3fa2c1d09b7e', 'ors', 'total', 26.0, 4),
	('spring-2026', 1, 'p3fa2c1d09b7e', 'phq9', 'total', 14.0, 9),
	('spring-2026', 3, 'p3fa2c1d09b7e', 'phq9', 'total', 17.0, 9),
	('spring-2026', 1, 'p0b1c2d3e4f5a', 'ors', 'total', 20.0, 4),
	('spring-2026', 2, 'p0b1c2d3e4f5a', 'ors', 'total', 14.0, 4),
	('spring-2026', 1, 'p4d5e6f7a8b9c', 'ors', 'total', 22.0, 4),
	('spring-2026', 3, 'p4d5e6f7a8b9c', 'ors', 'total', 24.0, 4),
	('spring-2026', 1, 'p4d5e6f7a8b9c', 'core10', 'total', 15.0, 10),
	('spring-2026', 3, 'p4d5e6f7a8b9c', 'core10', 'total', 8.0, 10),
	('spring-2026', 1, 'p9e8d7c6b5a4f', 'gad7', 'total', 9.0, 7),
	('spring-2026', 3, 'p9e8d7c6b5a4f', 'gad7', 'total', 12.0, 7),
	('spring-2026', 3, 'p3fa2c1d09b7e', 'checkin', 'connected', 8.0, 1),
	-- GSRS totals (0-40): Ada 40 then 36, a fall of 4 to the threshold, meets no rule; Bea's
	-- latest, 35, is under 36; Dee fell from 37 to 32, under 36 and exactly 5 points.
	('spring-2026', 1, 'p3fa2c1d09b7e', 'gsrs', 'total', 40.0, 4),
	('spring-2026', 3, 'p3fa2c1d09b7e', 'gsrs', 'total', 36.0, 4),
	('spring-2026', 1, 'p0b1c2d3e4f5a', 'gsrs', 'total', 34.0, 4),
	('spring-2026', 2, 'p0b1c2d3e4f5a', 'gsrs', 'total', 35.0, 4),
	('spring-2026', 1, 'p4d5e6f7a8b9c', 'gsrs', 'total', 38.0, 4),
	('spring-2026', 2, 'p4d5e6f7a8b9c', 'gsrs', 'total', 37.0, 4),
	('spring-2026', 3, 'p4d5e6f7a8b9c', 'gsrs', 'total', 32.0, 4);

-- Group summaries: GSRS and ORS totals per session, and a CORE-10 row and
-- another cohort's ORS row that the ratings part must leave out.
CREATE TABLE cohesion_group (
	cohort VARCHAR, session INTEGER, instrument VARCHAR, scale VARCHAR,
	n INTEGER, mean DOUBLE, sd DOUBLE, rwg DOUBLE
);
INSERT INTO cohesion_group VALUES
	('autumn-2025', 1, 'ors', 'total', 1, 30.0, NULL, NULL),
	('spring-2026', 1, 'gsrs', 'total', 4, 31.5, 4.2, 0.81),
	('spring-2026', 2, 'gsrs', 'total', 3, 33.0, 3.1, 0.86),
	('spring-2026', 3, 'gsrs', 'total', 3, 35.2, 2.4, 0.9),
	('spring-2026', 1, 'ors', 'total', 4, 22.4, 5.3, 0.62),
	('spring-2026', 2, 'ors', 'total', 3, 24.1, 4.8, 0.7),
	('spring-2026', 3, 'ors', 'total', 3, 26.3, 3.9, 0.75),
	('spring-2026', 1, 'core10', 'total', 2, 14.0, 2.8, 0.5),
	-- the check-in's "how connected" (0-10), group means per session
	('spring-2026', 2, 'checkin', 'connected', 4, 5.5, 1.3, 0.83),
	('spring-2026', 3, 'checkin', 'connected', 3, 6.7, 0.6, 0.96);

-- Check-ins with contacts answered after sessions 2 and 3 (five members,
-- 20 possible directed ties): 3 tied pairs of which 1 mutual, then 5 of which 2.
CREATE TABLE support_network (
	cohort VARCHAR, session INTEGER, n_members INTEGER, n_ties INTEGER,
	density DOUBLE, reciprocity DOUBLE
);
INSERT INTO support_network VALUES
	('autumn-2025', 1, 1, 0, NULL, NULL),
	('spring-2026', 2, 5, 4, 0.2, 1.0 / 3),
	('spring-2026', 3, 5, 7, 0.35, 0.4);

-- The ties behind those totals. Session 2: Ada and Dee named each other, and
-- Ada and Dee each named Bea (4 ties, 3 pairs, 1 mutual). Session 3: Ada and
-- Dee again, Ada and Eli named each other, Ada and Dee reached out to Bea, who
-- had missed it, and Dee named Eli (7 ties, 5 pairs, 2 mutual). Cal, who never
-- came, is in no tie.
CREATE TABLE support_ties (
	cohort VARCHAR, session INTEGER, participant_id VARCHAR, named_participant_id VARCHAR
);
INSERT INTO support_ties VALUES
	('spring-2026', 2, 'p3fa2c1d09b7e', 'p0b1c2d3e4f5a'),
	('spring-2026', 2, 'p3fa2c1d09b7e', 'p4d5e6f7a8b9c'),
	('spring-2026', 2, 'p4d5e6f7a8b9c', 'p0b1c2d3e4f5a'),
	('spring-2026', 2, 'p4d5e6f7a8b9c', 'p3fa2c1d09b7e'),
	('spring-2026', 3, 'p3fa2c1d09b7e', 'p0b1c2d3e4f5a'),
	('spring-2026', 3, 'p3fa2c1d09b7e', 'p4d5e6f7a8b9c'),
	('spring-2026', 3, 'p3fa2c1d09b7e', 'p9e8d7c6b5a4f'),
	('spring-2026', 3, 'p4d5e6f7a8b9c', 'p0b1c2d3e4f5a'),
	('spring-2026', 3, 'p4d5e6f7a8b9c', 'p3fa2c1d09b7e'),
	('spring-2026', 3, 'p4d5e6f7a8b9c', 'p9e8d7c6b5a4f'),
	('spring-2026', 3, 'p9e8d7c6b5a4f', 'p3fa2c1d09b7e');

-- Outcome change per member and outcome measure (rci = change x 1.96 / RC, RC
-- ORS 5, CORE-10 6, PHQ-9 6, GAD-7 4).
CREATE TABLE outcome_change (
	cohort VARCHAR, participant_id VARCHAR, instrument VARCHAR,
	baseline DOUBLE, final DOUBLE, change DOUBLE, rci DOUBLE,
	reliable_change VARCHAR, clinically_significant BOOLEAN
);
INSERT INTO outcome_change VALUES
	('autumn-2025', 'p5a5a5a5a5a5a', 'ors', 10.0, 2.0, -8.0, -3.136, 'deteriorated', false),
	('spring-2026', 'p3fa2c1d09b7e', 'ors', 18.0, 26.0, 8.0, 3.136, 'improved', true),
	('spring-2026', 'p3fa2c1d09b7e', 'phq9', 14.0, 17.0, 3.0, 0.98, 'no_change', false),
	('spring-2026', 'p0b1c2d3e4f5a', 'ors', 20.0, 14.0, -6.0, -2.352, 'deteriorated', false),
	('spring-2026', 'p4d5e6f7a8b9c', 'ors', 22.0, 24.0, 2.0, 0.784, 'no_change', false),
	('spring-2026', 'p4d5e6f7a8b9c', 'core10', 15.0, 8.0, -7.0, -2.2866666666666666, 'improved', true),
	('spring-2026', 'p9e8d7c6b5a4f', 'gad7', 9.0, 12.0, 3.0, 1.47, 'no_change', false);

-- The instruments mart as cohesion run builds it.
CREATE TABLE instruments (
	instrument VARCHAR, title VARCHAR, scoring VARCHAR, n_items INTEGER,
	max_missing INTEGER, item_min DOUBLE, item_max DOUBLE, score_min DOUBLE,
	score_max DOUBLE, higher_is_better BOOLEAN, clinical_cutoff DOUBLE,
	reliable_change DOUBLE, is_outcome BOOLEAN, alert_below DOUBLE, alert_drop DOUBLE,
	alert_source VARCHAR, rwg_null_variance DOUBLE
);
INSERT INTO instruments VALUES
	('checkin', 'Check-in', 'mean', 1, 0, 0, 10, 0, 10, true, NULL, NULL, false, NULL, NULL, NULL, 10.0),
	('core10', 'CORE-10', 'sum', 10, 1, 0, 4, 0, 40, false, 11, 6, true, NULL, NULL, NULL, 2.0),
	('gad7', 'GAD-7', 'sum', 7, 0, 0, 3, 0, 21, false, 10, 4, true, NULL, NULL, NULL, 1.25),
	('gcqs', 'GCQ-S', 'mean', 12, 4, 0, 6, 0, 6, NULL, NULL, NULL, false, NULL, NULL, NULL, 4.0),
	('gsrs', 'GSRS', 'sum', 4, 0, 0, 10, 0, 40, true, NULL, NULL, false, 36, 5, 'Duncan et al. (2003)', 8.333333333333334),
	('ors', 'ORS', 'sum', 4, 0, 0, 10, 0, 40, true, 25, 5, true, NULL, NULL, NULL, 8.333333333333334),
	('phq9', 'PHQ-9', 'sum', 9, 0, 0, 3, 0, 27, false, 10, 6, true, NULL, NULL, NULL, 1.25);

-- The run settings the marts were built with, as `cohesion run` records them.
create table run_settings as select 10 as late_after_minutes, 10 as left_early_before_minutes, timestamptz '2026-10-01 00:00:00+00' as built_at, 'no-return' as dropout_rule;

-- The cohort's own wall time, which the reports read dates, weekdays and hours from (the
-- sessions mart keeps it beside the instants); these cohorts meet in UTC.
ALTER TABLE sessions ADD COLUMN timezone VARCHAR DEFAULT 'UTC';
ALTER TABLE sessions ADD COLUMN starts_local TIMESTAMP;
UPDATE sessions SET starts_local = timezone('UTC', starts_at);
