-- Hand-written marts for the quarter report tests: two quarters of a small practice, in UTC.
--
-- 2026Q2 (the previous quarter): intro-2026-04 (Wednesday evenings, 17 members) and
-- advanced-2026-05 (Monday evenings, 6 members: every count of it is small).
-- 2026Q3 (the quarter reported): intro-2026-07 (Tuesday evenings, 22 members),
-- intro-2026-08 (Thursday mornings, 21 members) and advanced-2026-09 (Monday evenings, 14
-- members, 2 of 4 sessions held, so still running). Eleven intro-2026-07 completers and two
-- intro-2026-04 completers go on to advanced-2026-09. intro-2026-10 starts in 2026Q4 and must
-- not be counted.
--
-- Each member is written as an attendance pattern, one letter per planned session: P present,
-- L late, E left early, A absent, - not yet held. Attendance and retention are derived from the
-- patterns by the no-return rule, so the two marts agree.
--
-- Suppression cases (minimum 11): in 2026Q3 only 3 people on Monday evening were ever absent
-- (a small cell; its row and the Tuesday evening row are complemented); advanced-2026-09's
-- cohesion has at most 9 members scored; the advanced curve has 5 at risk from session 3. In
-- 2026Q2 most counts are small and the headline shows the complements.

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
CREATE TABLE retention_curve (
	program VARCHAR, session INTEGER, n_at_risk INTEGER, n_dropped INTEGER, n_censored INTEGER,
	survival DOUBLE, ci_low DOUBLE, ci_high DOUBLE
);
CREATE TABLE cohesion_group (
	cohort VARCHAR, session INTEGER, instrument VARCHAR, scale VARCHAR,
	n INTEGER, mean DOUBLE, sd DOUBLE, rwg DOUBLE
);
CREATE TABLE continuation (
	from_program VARCHAR, to_program VARCHAR, n_completed INTEGER, n_continued INTEGER,
	rate DOUBLE, median_days_between DOUBLE
);
CREATE TABLE outcome_change (
	cohort VARCHAR, participant_id VARCHAR, instrument VARCHAR, baseline DOUBLE, final DOUBLE,
	change DOUBLE, rci DOUBLE, reliable_change VARCHAR, clinically_significant BOOLEAN
);
CREATE TABLE retention_logrank (scope VARCHAR, n_groups INTEGER, chisq DOUBLE, df INTEGER, p_value DOUBLE);
CREATE TABLE cohesion_dropout (
	instrument VARCHAR, scale VARCHAR, n_members INTEGER, n_events INTEGER, coef DOUBLE,
	hazard_ratio DOUBLE, robust_se DOUBLE, ci_low DOUBLE, ci_high DOUBLE, p_value DOUBLE, note VARCHAR
);
CREATE TABLE pii_people (participant_id VARCHAR, name VARCHAR, email VARCHAR);

CREATE TEMP TABLE fixture_cohorts (
	cohort VARCHAR, program VARCHAR, first_start TIMESTAMPTZ, planned INTEGER, held INTEGER
);
INSERT INTO fixture_cohorts VALUES
	('intro-2026-04',    'intro',    '2026-04-01 18:00:00+00', 6, 6),
	('advanced-2026-05', 'advanced', '2026-05-04 18:00:00+00', 4, 4),
	('intro-2026-07',    'intro',    '2026-07-07 18:00:00+00', 6, 6),
	('intro-2026-08',    'intro',    '2026-08-06 10:00:00+00', 6, 6),
	('advanced-2026-09', 'advanced', '2026-09-07 18:00:00+00', 4, 2),
	('intro-2026-10',    'intro',    '2026-10-06 18:00:00+00', 6, 0);

-- n members with the pattern, numbered id_prefix || id_start, id_start + 1, ...
CREATE TEMP TABLE fixture_members (
	cohort VARCHAR, pattern VARCHAR, n INTEGER, id_prefix VARCHAR, id_start INTEGER
);
INSERT INTO fixture_members VALUES
	('intro-2026-04', 'PPPPPP', 12, 'a04-', 1),
	('intro-2026-04', 'PAPPPP', 2, 'a04-', 13),
	('intro-2026-04', 'PPAAAA', 2, 'a04-', 15),
	('intro-2026-04', 'AAAAAA', 1, 'a04-', 17),
	('advanced-2026-05', 'PPPP', 5, 'b05-', 1),
	('advanced-2026-05', 'PPAA', 1, 'b05-', 6),
	('intro-2026-07', 'PPPPPP', 8, 'a07-', 1),
	('intro-2026-07', 'PAPPPP', 3, 'a07-', 9),
	('intro-2026-07', 'PPPAPE', 2, 'a07-', 12),
	('intro-2026-07', 'PPAPPL', 2, 'a07-', 14),
	('intro-2026-07', 'PPAAAA', 3, 'a07-', 16),
	('intro-2026-07', 'PPPPAA', 3, 'a07-', 19),
	('intro-2026-07', 'AAAAAA', 1, 'a07-', 22),
	('intro-2026-08', 'PPPPPP', 10, 'a08-', 1),
	('intro-2026-08', 'PPAPPP', 2, 'a08-', 11),
	('intro-2026-08', 'LPPAPP', 1, 'a08-', 13),
	('intro-2026-08', 'PAAAAA', 3, 'a08-', 14),
	('intro-2026-08', 'PPPAAA', 3, 'a08-', 17),
	('intro-2026-08', 'AAAAAA', 2, 'a08-', 20),
	-- The same people (same participant_id) going on from intro to advanced.
	('advanced-2026-09', 'PP--', 9, 'a07-', 1),
	('advanced-2026-09', 'PA--', 2, 'a07-', 10),
	('advanced-2026-09', 'PP--', 2, 'a04-', 1),
	('advanced-2026-09', 'AA--', 1, 'b09-', 1),
	('intro-2026-10', '------', 12, 'a10-', 1);

CREATE TEMP TABLE fixture_people AS
SELECT m.cohort, m.pattern, m.id_prefix || lpad((m.id_start + k.k)::VARCHAR, 2, '0') AS participant_id
FROM fixture_members AS m
JOIN (SELECT unnest(range(0, 20)) AS k) AS k ON k.k < m.n;

INSERT INTO sessions
SELECT cohort, program, session,
	first_start + to_weeks(session - 1),
	first_start + to_weeks(session - 1) + INTERVAL 90 MINUTE,
	session <= held
FROM (SELECT *, unnest(range(1, planned + 1)) AS session FROM fixture_cohorts);

INSERT INTO attendance
SELECT p.cohort, s.program, s.session, p.participant_id,
	CASE substr(p.pattern, s.session, 1)
		WHEN 'P' THEN 'present' WHEN 'L' THEN 'late' WHEN 'E' THEN 'left_early' ELSE 'absent'
	END,
	CASE substr(p.pattern, s.session, 1) WHEN 'P' THEN 90 WHEN 'L' THEN 75 WHEN 'E' THEN 60 ELSE 0 END,
	CASE substr(p.pattern, s.session, 1) WHEN 'L' THEN 15 ELSE 0 END,
	CASE substr(p.pattern, s.session, 1) WHEN 'E' THEN 30 ELSE 0 END
FROM fixture_people AS p
JOIN sessions AS s ON s.cohort = p.cohort AND s.held;

INSERT INTO retention
WITH marks AS (
	SELECT p.cohort, c.program, p.participant_id, c.planned, c.held, k.k AS session,
		substr(p.pattern, k.k, 1) IN ('P', 'L', 'E') AS came
	FROM fixture_people AS p
	JOIN fixture_cohorts AS c USING (cohort)
	JOIN (SELECT unnest(range(1, 7)) AS k) AS k ON k.k <= c.planned
),
members AS (
	SELECT cohort, program, participant_id, any_value(planned) AS planned, any_value(held) AS held,
		count(*) FILTER (WHERE came) AS attended, max(session) FILTER (WHERE came) AS last_attended
	FROM marks
	GROUP BY cohort, program, participant_id
)
SELECT cohort, program, participant_id, planned, attended, last_attended,
	CASE
		WHEN attended = 0 THEN 'never_started'
		WHEN held < planned THEN 'ongoing'
		WHEN last_attended = planned THEN 'completed'
		ELSE 'dropped_out'
	END,
	CASE WHEN held = planned AND attended > 0 AND last_attended < planned THEN last_attended END
FROM members;

-- Kaplan–Meier over every cohort to date, as the retention_curve model computes it from the
-- retention above (intro: 56 starters; advanced: 19, of whom 13 still running).
INSERT INTO retention_curve VALUES
	('intro', 1, 56, 3, 0, 0.9464285714285714, 0.8430398434284119, 0.9824012794699137),
	('intro', 2, 53, 5, 0, 0.8571428571428571, 0.7345826373125873, 0.925855130564048),
	('intro', 3, 48, 3, 0, 0.8035714285714285, 0.6734416904521379, 0.8860627604208876),
	('intro', 4, 45, 3, 0, 0.75, 0.6146996660410456, 0.8436035778204914),
	('intro', 5, 42, 0, 0, 0.75, 0.6146996660410456, 0.8436035778204914),
	('intro', 6, 42, 0, 42, 0.75, 0.6146996660410456, 0.8436035778204914),
	('advanced', 1, 19, 0, 2, 1.0, NULL, NULL),
	('advanced', 2, 17, 1, 11, 0.9411764705882353, 0.6501789018555792, 0.9914991055661495),
	('advanced', 3, 5, 0, 0, 0.9411764705882353, 0.6501789018555792, 0.9914991055661495),
	('advanced', 4, 5, 0, 5, 0.9411764705882353, 0.6501789018555792, 0.9914991055661495);

INSERT INTO cohesion_group VALUES
	('intro-2026-07', 1, 'gcqs', 'engagement', 21, 3.2, 0.9, 0.71),
	('intro-2026-07', 2, 'gcqs', 'engagement', 19, 3.4, 0.8, 0.74),
	('intro-2026-07', 3, 'gcqs', 'engagement', 14, 3.5, 0.8, 0.75),
	('intro-2026-07', 4, 'gcqs', 'engagement', 16, 3.7, 0.7, 0.78),
	('intro-2026-07', 5, 'gcqs', 'engagement', 15, 3.9, 0.7, 0.80),
	('intro-2026-07', 6, 'gcqs', 'engagement', 14, 4.0, 0.6, 0.82),
	-- Other scales and instruments are not engagement and must not be averaged in.
	('intro-2026-07', 1, 'gcqs', 'avoidance', 21, 1.1, 0.9, 0.70),
	('intro-2026-07', 1, 'gsrs', 'total', 21, 34.0, 3.0, NULL),
	('intro-2026-08', 1, 'gcqs', 'engagement', 19, 2.8, 1.0, 0.66),
	('intro-2026-08', 2, 'gcqs', 'engagement', 16, 3.0, 0.9, 0.70),
	('intro-2026-08', 3, 'gcqs', 'engagement', 13, 3.1, 0.9, 0.71),
	('intro-2026-08', 4, 'gcqs', 'engagement', 12, 3.1, 0.8, 0.73),
	('intro-2026-08', 5, 'gcqs', 'engagement', 12, 3.3, 0.8, 0.74),
	('intro-2026-08', 6, 'gcqs', 'engagement', 12, 3.5, 0.7, 0.77),
	-- Never more than 9 members scored: suppressed.
	('advanced-2026-09', 1, 'gcqs', 'engagement', 9, 4.1, 0.5, 0.88),
	('advanced-2026-09', 2, 'gcqs', 'engagement', 8, 4.3, 0.4, 0.90),
	-- The previous quarter's cohort is not part of 2026Q3's chart.
	('intro-2026-04', 1, 'gcqs', 'engagement', 16, 2.5, 1.0, 0.60);

INSERT INTO continuation VALUES
	('advanced', 'intro', 5, 0, 0.0, NULL),
	('intro', 'advanced', 42, 13, 13 / 42, 30.0);

-- PHQ-9 for every intro member who came to two or more sessions: the lowest-numbered members
-- of each cohort reliably improved. a07-03 also deteriorated on GAD-7, so does not count as
-- improved; a07-12 improved on GAD-7 only, so does.
INSERT INTO outcome_change
SELECT r.cohort, r.participant_id, 'phq9', 16,
	CASE WHEN improved THEN 8 ELSE 14 END,
	CASE WHEN improved THEN -8 ELSE -2 END,
	CASE WHEN improved THEN -8 * 1.96 / 6 ELSE -2 * 1.96 / 6 END,
	CASE WHEN improved THEN 'improved' ELSE 'no_change' END,
	improved
FROM (
	SELECT *, CAST(right(participant_id, 2) AS INTEGER) <= CASE cohort
		WHEN 'intro-2026-04' THEN 6 WHEN 'intro-2026-07' THEN 10 ELSE 8 END AS improved
	FROM retention
	WHERE program = 'intro' AND sessions_attended >= 2
) AS r;
INSERT INTO outcome_change VALUES
	('intro-2026-07', 'a07-03', 'gad7', 8, 13, 5, 5 * 1.96 / 4, 'deteriorated', false),
	('intro-2026-07', 'a07-12', 'gad7', 14, 9, -5, -5 * 1.96 / 4, 'improved', true);

-- The log-rank tests: the programs differ; advanced has one cohort so far, so no test there.
INSERT INTO retention_logrank VALUES
	('programs', 2, 5.2, 1, 0.0226), ('advanced', 1, NULL, NULL, NULL), ('intro', 3, 2.1, 2, 0.3499);
-- The Cox models, one way each can come out: engagement clear of no difference (HR
-- exp(−0.49) = 0.61, 0.46 to 0.82), conflict not, avoidance perfectly separated, the check-in
-- on 8 dropouts (suppressed below 11), ORS from one cohort (an estimate without an interval).
INSERT INTO cohesion_dropout VALUES
	('gcqs', 'engagement', 60, 18, -0.49, exp(-0.49), 0.15, exp(-0.49 - 1.959964 * 0.15), exp(-0.49 + 1.959964 * 0.15), 0.0011, NULL),
	('gcqs', 'avoidance', 60, 18, NULL, NULL, NULL, NULL, NULL, NULL, 'perfect separation'),
	('gcqs', 'conflict', 60, 18, 0.1, exp(0.1), 0.2, exp(0.1 - 1.959964 * 0.2), exp(0.1 + 1.959964 * 0.2), 0.617, NULL),
	('checkin', 'connected', 40, 8, -0.2, exp(-0.2), 0.09, exp(-0.2 - 1.959964 * 0.09), exp(-0.2 + 1.959964 * 0.09), 0.026, NULL),
	('ors', 'total', 25, 14, -0.05, exp(-0.05), NULL, NULL, NULL, NULL, 'one cohort');

-- The report must never read these.
INSERT INTO pii_people
SELECT participant_id, 'Fixture Person ' || upper(replace(participant_id, '-', '')),
	replace(participant_id, '-', '.') || '@people.example.org'
FROM (SELECT DISTINCT participant_id FROM fixture_people);

DROP TABLE fixture_people;
DROP TABLE fixture_members;
DROP TABLE fixture_cohorts;

-- The run settings the marts were built with, as `cohesion run` records them.
create table run_settings as select 10 as late_after_minutes, 10 as left_early_before_minutes, timestamptz '2026-10-01 00:00:00+00' as built_at, 'no-return' as dropout_rule;

-- The cohort's own wall time, which the reports read dates, weekdays and hours from (the
-- sessions mart keeps it beside the instants); these cohorts meet in UTC.
ALTER TABLE sessions ADD COLUMN timezone VARCHAR DEFAULT 'UTC';
ALTER TABLE sessions ADD COLUMN starts_local TIMESTAMP;
UPDATE sessions SET starts_local = timezone('UTC', starts_at);
