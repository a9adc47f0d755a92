-- 0002: the procedure catalogue, loaded from procedures/ by `motcua catalog load`.
-- A dossier references the exact (agency_id, code, version) it was received under,
-- so a version that dossiers reference is never changed in place.
CREATE TABLE procedure (
    agency_id       text NOT NULL REFERENCES agency,
    code            text NOT NULL,            -- national code, or the local id
    code_known      boolean NOT NULL,
    name            text NOT NULL,
    field           text NOT NULL,
    service_center  boolean NOT NULL,
    channels        text[] NOT NULL,
    online_level    text NOT NULL CHECK (online_level IN ('2', '3', '4', 'full', 'partial', 'unknown')),
    fee             text,                     -- NULL: unknown
    source          text NOT NULL,
    PRIMARY KEY (agency_id, code)
);

CREATE TABLE procedure_version (
    agency_id          text NOT NULL,
    code               text NOT NULL,
    version            integer NOT NULL CHECK (version > 0),
    effective_from     date NOT NULL,
    effective_to       date,                  -- NULL: open-ended
    legal_basis        text NOT NULL,
    statutory_halves   integer CHECK (statutory_halves > 0),   -- NULL: unknown
    statutory_unit     text CHECK (statutory_unit IN ('working_days', 'days')),
    shortened_halves   integer CHECK (shortened_halves > 0),
    shortened_unit     text CHECK (shortened_unit IN ('working_days', 'days')),
    shortened_decision text,
    on_supplement      text NOT NULL CHECK (on_supplement IN ('pause', 'restart')),
    steps              jsonb NOT NULL,        -- [{id, name, unit, halves}]
    checksum           text NOT NULL,         -- md5 of the canonical content
    PRIMARY KEY (agency_id, code, version),
    FOREIGN KEY (agency_id, code) REFERENCES procedure,
    CHECK (shortened_halves IS NULL OR shortened_halves <= statutory_halves),
    CHECK (effective_to IS NULL OR effective_to >= effective_from)
);

CREATE TABLE catalog_set (
    agency_id                text NOT NULL REFERENCES agency,
    set_id                   text NOT NULL,
    as_of                    date NOT NULL,
    declared_total           integer NOT NULL,
    declared_service_center  integer,
    declared_online          integer,
    declared_online_base     integer,
    source                   text NOT NULL,
    PRIMARY KEY (agency_id, set_id)
);

CREATE TABLE catalog_set_member (
    agency_id  text NOT NULL,
    set_id     text NOT NULL,
    code       text NOT NULL,
    PRIMARY KEY (agency_id, set_id, code),
    FOREIGN KEY (agency_id, set_id) REFERENCES catalog_set,
    FOREIGN KEY (agency_id, code) REFERENCES procedure
);
