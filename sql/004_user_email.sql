-- 004_user_email.sql — users gain an optional e-mail address, where the notifications
-- sweep sends a copy of each new notice; findings and models gain the folded search
-- form of their title/name (lower case, no diacritics) for `q` on their lists.
-- Portable SQL: plain ADD COLUMN, one column per statement.

ALTER TABLE users ADD COLUMN email TEXT;

ALTER TABLE findings ADD COLUMN search TEXT NOT NULL DEFAULT '';

ALTER TABLE models ADD COLUMN search TEXT NOT NULL DEFAULT '';
