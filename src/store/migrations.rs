//! Migrations as the console recorded them (MIG-4/5): one row per migration, its state in the
//! JSON `data` column, kept across restarts so the Migrate Service screen lists them.

use super::Store;
use super::codec::{id_json_rows, to_json};
use super::error::StoreError;
use crate::domain::ids::MigrationId;
use crate::domain::migration_record::MigrationRecord;
use rusqlite::params;

impl Store {
    /// Inserts (id 0) or replaces a migration; returns its id.
    pub fn save_migration(&mut self, m: &MigrationRecord) -> Result<MigrationId, StoreError> {
        self.write("saving a migration", |tx, path| {
            let what = "saving a migration";
            let data = to_json(path, what, m)?;
            let id: i64 = tx
                .query_row(
                    "INSERT INTO migrations (id, organization, data) VALUES (?1, ?2, ?3)
                     ON CONFLICT (id) DO UPDATE SET organization = excluded.organization,
                     data = excluded.data
                     RETURNING id",
                    params![(m.id.0 != 0).then_some(m.id.0), m.organization.0, data],
                    |r| r.get(0),
                )
                .map_err(|e| StoreError::sqlite(path, what, e))?;
            Ok(MigrationId(id))
        })
    }

    pub fn load_migration(&self, id: MigrationId) -> Result<Option<MigrationRecord>, StoreError> {
        self.read("loading a migration", |c, path| {
            let mut v = id_json_rows(
                c,
                path,
                "loading a migration",
                "SELECT id, data FROM migrations WHERE id = ?1",
                [id.0],
                |m: &mut MigrationRecord, id| m.id = MigrationId(id),
            )?;
            Ok(v.pop())
        })
    }

    /// Every migration, newest first.
    pub fn list_migrations(&self) -> Result<Vec<MigrationRecord>, StoreError> {
        self.read("listing migrations", |c, path| {
            id_json_rows(
                c,
                path,
                "listing migrations",
                "SELECT id, data FROM migrations ORDER BY id DESC",
                [],
                |m: &mut MigrationRecord, id| m.id = MigrationId(id),
            )
        })
    }
}
