//! The schema as an ordered list of migrations; `PRAGMA user_version` is the number applied.
//! Key and filter fields are real columns; the rest of an entity is one JSON `data` column.

/// Migration `i` brings the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

/// The version from which the audit chain is keyed: applying it records where keyed events
/// begin, and `Store::migrate` seals that mark with the audit key in the same transaction.
pub(crate) const KEYED_VERSION: usize = 4;

/// The schema version this build writes.
pub const LATEST_VERSION: i64 = MIGRATIONS.len() as i64;

const V1: &str = r#"
CREATE TABLE organizations (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE
);

CREATE TABLE accounts (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL COLLATE NOCASE UNIQUE,
    password_hash       TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('admin', 'owner')),
    organization        INTEGER REFERENCES organizations(id),
    disabled            INTEGER NOT NULL DEFAULT 0,
    created_at          INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL,
    CHECK ((role = 'admin' AND organization IS NULL)
        OR (role = 'owner' AND organization IS NOT NULL))
);

CREATE TABLE devices (
    serial TEXT PRIMARY KEY,
    name   TEXT NOT NULL COLLATE NOCASE UNIQUE,
    host   TEXT NOT NULL,
    status TEXT NOT NULL,
    data   TEXT NOT NULL
);

CREATE TABLE partitions (
    serial TEXT PRIMARY KEY,
    device TEXT NOT NULL REFERENCES devices(serial) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    data   TEXT NOT NULL
);
CREATE INDEX partitions_device ON partitions(device);

CREATE TABLE clients (
    device TEXT NOT NULL REFERENCES devices(serial) ON DELETE CASCADE,
    name   TEXT NOT NULL,
    data   TEXT NOT NULL,
    PRIMARY KEY (device, name)
);

CREATE TABLE key_objects (
    partition TEXT NOT NULL REFERENCES partitions(serial) ON DELETE CASCADE,
    handle    INTEGER NOT NULL,
    data      TEXT NOT NULL,
    PRIMARY KEY (partition, handle)
);

CREATE TABLE templates (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL COLLATE NOCASE UNIQUE,
    data TEXT NOT NULL
);

CREATE TABLE services (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL COLLATE NOCASE UNIQUE,
    organization INTEGER NOT NULL REFERENCES organizations(id),
    template     INTEGER,
    state        TEXT NOT NULL,
    data         TEXT NOT NULL
);
CREATE INDEX services_organization ON services(organization);

CREATE TABLE service_members (
    service      INTEGER NOT NULL REFERENCES services(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    partition    TEXT NOT NULL UNIQUE,
    pending_init INTEGER NOT NULL,
    PRIMARY KEY (service, position)
);

CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    operation  TEXT NOT NULL,
    state      TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    data       TEXT NOT NULL
);

CREATE TABLE audit (
    id           INTEGER PRIMARY KEY,
    seq          INTEGER NOT NULL UNIQUE,
    at           INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    organization INTEGER,
    action       TEXT NOT NULL,
    device       TEXT,
    target       TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('success', 'failure')),
    reason       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX audit_actor ON audit(actor);
CREATE INDEX audit_action ON audit(action);
CREATE INDEX audit_organization ON audit(organization);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;

CREATE TABLE audit_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    count     INTEGER NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, count, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE import_draft (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    created_at INTEGER NOT NULL,
    edited_at  INTEGER NOT NULL
);

CREATE TABLE import_rows (
    partition TEXT PRIMARY KEY,
    position  INTEGER NOT NULL,
    deleted   INTEGER NOT NULL,
    data      TEXT NOT NULL
);
"#;

/// Login throttling (NAV-4): failed logins per username, keyed by a digest of the lower-cased
/// name (a password typed into the username field is never stored in clear).
const V2: &str = r#"
CREATE TABLE login_failures (
    name_key          TEXT PRIMARY KEY,
    failures          INTEGER NOT NULL,
    last_failure_ms   INTEGER NOT NULL,
    checking_since_ms INTEGER
);
"#;

/// Service names are unique per organization, not across the console (PERM: a refusal never
/// reveals another organization's service). The table is rebuilt without the column's UNIQUE
/// (foreign keys are off while the schema is upgraded; see `Store::open`).
const V3: &str = r#"
CREATE TABLE services_v3 (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL COLLATE NOCASE,
    organization INTEGER NOT NULL REFERENCES organizations(id),
    template     INTEGER,
    state        TEXT NOT NULL,
    data         TEXT NOT NULL
);
INSERT INTO services_v3 (id, name, organization, template, state, data)
    SELECT id, name, organization, template, state, data FROM services;
DROP TABLE services;
ALTER TABLE services_v3 RENAME TO services;
CREATE INDEX services_organization ON services(organization);
CREATE UNIQUE INDEX services_name_per_organization ON services(organization, name);
"#;

/// The keyed audit chain (X-6): events from `keyed_from` on are hashed with HMAC under the
/// audit key; the older ones (written unkeyed) keep their SHA-256. `keyed_seal` is the key's MAC
/// of that mark, so it cannot be moved without the key.
const V4: &str = r#"
ALTER TABLE audit_head ADD COLUMN keyed_from INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_head ADD COLUMN keyed_seal TEXT;
UPDATE audit_head SET keyed_from = count + 1 WHERE id = 1;
"#;

/// Service migrations (MIG-4/5): each one's source, targets and their states, listed by the
/// Migrate Service screen and locking the services a running one touches.
const V5: &str = r#"
CREATE TABLE migrations (
    id           INTEGER PRIMARY KEY,
    organization INTEGER NOT NULL,
    data         TEXT NOT NULL
);
"#;
