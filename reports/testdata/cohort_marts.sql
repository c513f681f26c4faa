-- A small hand-written cohort for the report tests: "spring-2026" (program
-- "intro") has four planned sessions, of which session 4 is not yet held, and
-- five members between them showing every attendance status and every
-- retention outcome. "autumn-2025" is there so that filters are exercised.

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
	-- Eli: missed the middle session.
	('spring-2026', 'intro', 1, 'p9e8d7c6b5a4f', 'present', 90, 0, 0),
	('spring-2026', 'intro', 2, 'p9e8d7c6b5a4f', 'absent', 0, 0, 0),
	('spring-2026', 'intro', 3, 'p9e8d7c6b5a4f', 'present', 90, 0, 0);

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
