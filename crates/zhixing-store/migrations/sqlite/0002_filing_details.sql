-- Filing details: the title's performance deadline, the claim's parts, and
-- per-party region code and agent.
ALTER TABLE cases ADD COLUMN title_deadline_on TEXT;
ALTER TABLE cases ADD COLUMN principal_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN costs_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN interest_terms TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN non_money TEXT NOT NULL DEFAULT '';
ALTER TABLE parties ADD COLUMN region_code TEXT;
ALTER TABLE parties ADD COLUMN agent TEXT;
