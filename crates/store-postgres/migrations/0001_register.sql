-- The register, kept bitemporally, and its audit log (PostgreSQL; the SQLite schema has the same
-- tables and columns, checked by the schema-parity test).
--
-- Every change is an audit entry; every version of an entry points at the audit entry that
-- created it and, once superseded, the one that closed it. A version is never edited or deleted:
-- only its recorded_to/closed_by are set, once. Instants are integer microseconds since the Unix
-- epoch; valid dates are ISO text.

CREATE TABLE audit_log (
    id            BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
    id                BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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

-- Writers lock this row first, so writes from several app instances never interleave.
CREATE TABLE register_lock (
    id  INTEGER PRIMARY KEY CHECK (id = 1)
);
INSERT INTO register_lock (id) VALUES (1);

-- Versions and audit entries are immutable; a version may only be closed, once.
CREATE FUNCTION assure_facts_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'register versions are never deleted';
    END IF;
    IF OLD.recorded_to_us IS NOT NULL
        OR NEW.id IS DISTINCT FROM OLD.id
        OR NEW.entity_table IS DISTINCT FROM OLD.entity_table
        OR NEW.entity_key IS DISTINCT FROM OLD.entity_key
        OR NEW.version IS DISTINCT FROM OLD.version
        OR NEW.council IS DISTINCT FROM OLD.council
        OR NEW.valid_from IS DISTINCT FROM OLD.valid_from
        OR NEW.valid_to IS DISTINCT FROM OLD.valid_to
        OR NEW.recorded_from_us IS DISTINCT FROM OLD.recorded_from_us
        OR NEW.created_by IS DISTINCT FROM OLD.created_by
        OR NEW.body IS DISTINCT FROM OLD.body
    THEN
        RAISE EXCEPTION 'register versions are immutable: a version may only be closed, once';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER facts_guard BEFORE UPDATE OR DELETE ON facts
    FOR EACH ROW EXECUTE FUNCTION assure_facts_guard();

CREATE FUNCTION assure_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$;

CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION assure_audit_guard();
