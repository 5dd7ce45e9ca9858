-- The register, kept bitemporally, and its audit log.
--
-- Every change is an audit entry; every version of an entry points at the audit entry that
-- created it and, once superseded, the one that closed it. A version is never edited or deleted:
-- only its recorded_to/closed_by are set, once. Instants are integer microseconds since the Unix
-- epoch (they sort in time order); valid dates are ISO text (they sort as dates).

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at_us         BIGINT  NOT NULL,
    actor         TEXT    NOT NULL,
    action        TEXT    NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    entity_table  TEXT    NOT NULL,
    entity_key    TEXT    NOT NULL,
    council       TEXT,
    before_json   TEXT,
    after_json    TEXT
);

CREATE INDEX audit_log_entity ON audit_log (entity_table, entity_key);

CREATE TABLE facts (
    id                INTEGER PRIMARY KEY,
    entity_table      TEXT    NOT NULL,
    entity_key        TEXT    NOT NULL,
    version           BIGINT  NOT NULL CHECK (version >= 1),
    council           TEXT,
    valid_from        TEXT,
    valid_to          TEXT,
    recorded_from_us  BIGINT  NOT NULL,
    recorded_to_us    BIGINT,
    created_by        BIGINT  NOT NULL REFERENCES audit_log (id),
    closed_by         BIGINT  REFERENCES audit_log (id),
    body              TEXT    NOT NULL,
    UNIQUE (entity_table, entity_key, version),
    CHECK ((recorded_to_us IS NULL) = (closed_by IS NULL)),
    CHECK (recorded_to_us IS NULL OR recorded_to_us >= recorded_from_us)
);

-- At most one current version of each entry.
CREATE UNIQUE INDEX facts_current ON facts (entity_table, entity_key) WHERE recorded_to_us IS NULL;
CREATE INDEX facts_recorded ON facts (recorded_from_us, recorded_to_us);
CREATE INDEX facts_council ON facts (council);

-- Versions and audit entries are immutable; a version may only be closed, once.
CREATE TRIGGER facts_no_delete BEFORE DELETE ON facts
BEGIN
    SELECT RAISE(ABORT, 'register versions are never deleted');
END;

CREATE TRIGGER facts_close_only BEFORE UPDATE ON facts
WHEN OLD.recorded_to_us IS NOT NULL
    OR NEW.id IS NOT OLD.id
    OR NEW.entity_table IS NOT OLD.entity_table
    OR NEW.entity_key IS NOT OLD.entity_key
    OR NEW.version IS NOT OLD.version
    OR NEW.council IS NOT OLD.council
    OR NEW.valid_from IS NOT OLD.valid_from
    OR NEW.valid_to IS NOT OLD.valid_to
    OR NEW.recorded_from_us IS NOT OLD.recorded_from_us
    OR NEW.created_by IS NOT OLD.created_by
    OR NEW.body IS NOT OLD.body
BEGIN
    SELECT RAISE(ABORT, 'register versions are immutable: a version may only be closed, once');
END;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- PostgreSQL writers lock this row; SQLite serialises writers with BEGIN IMMEDIATE instead. Kept
-- so both schemas have the same tables.
CREATE TABLE register_lock (
    id  INTEGER PRIMARY KEY CHECK (id = 1)
);
INSERT INTO register_lock (id) VALUES (1);
