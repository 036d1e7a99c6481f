-- 011: integration accounts (issue 16). An API token belongs to an account
-- made for a system integration: it never logs in interactively, holds
-- business roles only, and has no password. Tokens issued before this
-- migration to people's accounts stop working (server.c auth_token).

ALTER TABLE users ADD COLUMN integration INTEGER NOT NULL DEFAULT 0;
