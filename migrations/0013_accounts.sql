-- 0013: the people who log in to `motcua serve`, their sessions, and the
-- log of logins. These are the server's tables: people's database roles
-- (motcua_clerk, motcua_office, motcua_auditor) get no right on them. The
-- server reads them as its own login before it takes the user's group role
-- for the rest of the request (SET LOCAL ROLE); a server login that is not
-- the tables' owner needs the group role motcua_server below, membership of
-- the three people's roles (to take them), and a row in agency_member for
-- its agency (`motcua serve` adds that row at start when it may).

DO $$
BEGIN
    CREATE ROLE motcua_server NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
    NULL;
END
$$;

-- A person (or, later, a machine: 'integration'). The password is an
-- Argon2id hash in libsodium's crypto_pwhash_str form ($argon2id$v=19$...).
CREATE TABLE app_user (
    login          text PRIMARY KEY CHECK (login ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    full_name      text NOT NULL CHECK (length(btrim(full_name)) BETWEEN 1 AND 200),
    role           text NOT NULL CHECK (role IN ('clerk', 'specialist', 'head', 'leader',
                                                  'office', 'auditor', 'admin', 'integration')),
    unit           text CHECK (length(unit) <= 64),
    agency_id      text NOT NULL,
    password_hash  text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- A login session: only the SHA-256 of its token is kept (the token itself
-- is in the browser's cookie alone). Idle expiry is last_seen + the
-- server's idle time; expires_at is the absolute end.
CREATE TABLE app_session (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    login       text NOT NULL REFERENCES app_user ON UPDATE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX app_session_login ON app_session (login) WHERE revoked_at IS NULL;

-- Logins, failed logins and logouts, with the client's address; never a
-- password or a token. The login is as typed (an unknown login is logged
-- too: the rate limit counts its failures the same way).
CREATE TABLE auth_log (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT now(),
    login   text NOT NULL CHECK (length(login) <= 200),
    event   text NOT NULL CHECK (event IN ('login', 'login_failed', 'login_locked', 'logout')),
    client  text CHECK (length(client) <= 100)
);
CREATE INDEX auth_log_failures ON auth_log (login, at) WHERE event = 'login_failed';

REVOKE ALL ON app_user, app_session, auth_log FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON app_user, app_session TO motcua_server;
GRANT SELECT, INSERT ON auth_log TO motcua_server;
GRANT USAGE ON SEQUENCE auth_log_id_seq TO motcua_server;
GRANT USAGE ON SCHEMA motcua TO motcua_server;
