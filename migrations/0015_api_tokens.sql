-- 0015: bearer tokens for machines (the national portal), and the log of
-- their use. A token is known by the SHA-256 of its 32 random bytes alone
-- (`motcua token add` prints the token once); a request that carries it in
-- `Authorization: Bearer ...` acts as the token's name with its role and
-- agency. The log of logins (0013) takes the uses of tokens and the logins
-- refused for an address that failed too often.

CREATE TABLE api_token (
    name          text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9._-]{0,62}$'),
    token_hash    bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    role          text NOT NULL CHECK (role = 'integration'),
    agency_id     text NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    revoked_at    timestamptz
);

ALTER TABLE auth_log DROP CONSTRAINT auth_log_event_check;
ALTER TABLE auth_log ADD CONSTRAINT auth_log_event_check
    CHECK (event IN ('login', 'login_failed', 'login_locked', 'logout',
                     'token_use', 'token_refused', 'address_locked'));

-- the failed logins of one address in a window (the per-address limit)
CREATE INDEX auth_log_client_failures ON auth_log (client, at) WHERE event = 'login_failed';
-- a token's last use, read from its log (a use writes no row of api_token:
-- the portal's concurrent requests would queue on it)
CREATE INDEX auth_log_token_use ON auth_log (login, at) WHERE event = 'token_use';

REVOKE ALL ON api_token FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON api_token TO motcua_server;
