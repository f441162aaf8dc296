-- Why a 👎 was given: the rep picks one of the reasons the bot asks for in the thread after a 👎 click
-- (wrong_kind, wrong_facts, too_slow). NULL until picked; picked once per 👎 (a second pick is refused). Times are
-- epoch milliseconds.
ALTER TABLE interaction_feedback ADD COLUMN reason VARCHAR(32);
ALTER TABLE interaction_feedback ADD COLUMN reason_at BIGINT;
