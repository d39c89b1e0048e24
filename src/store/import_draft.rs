//! The saved import table (IMP-2/3/8): one draft with its creation and last-edit times and its
//! rows in discovery order. Every edit is its own committed write, so a crash loses nothing.

use super::Store;
use super::codec::{exec, json_rows, to_json};
use super::error::{Context, StoreError};
use crate::domain::ids::PartitionSerial;
use crate::domain::import_row::ImportRow;
use crate::domain::timestamp::Timestamp;
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;

/// The import table as saved.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImportDraft {
    pub created_at: Timestamp,
    pub edited_at: Timestamp,
    /// In discovery order, deleted rows included (marked `deleted`).
    pub rows: Vec<ImportRow>,
}

/// Creates the draft if there is none, and records `at` as the last edit.
fn touch(c: &Connection, path: &Path, at: Timestamp) -> Result<(), StoreError> {
    exec(
        c,
        path,
        "saving the import table",
        "INSERT INTO import_draft (id, created_at, edited_at) VALUES (1, ?1, ?1)
         ON CONFLICT (id) DO UPDATE SET edited_at = excluded.edited_at",
        [at.0],
    )
    .map(drop)
}

fn upsert_row(c: &Connection, path: &Path, row: &ImportRow) -> Result<(), StoreError> {
    let what = "saving an import row";
    let data = to_json(path, what, row)?;
    exec(
        c,
        path,
        what,
        "INSERT INTO import_rows (partition, position, deleted, data)
         VALUES (?1, (SELECT COALESCE(MAX(position), -1) + 1 FROM import_rows), ?2, ?3)
         ON CONFLICT (partition) DO UPDATE SET deleted = excluded.deleted, data = excluded.data",
        params![row.partition.as_str(), row.deleted, data],
    )
    .map(drop)
}

impl Store {
    /// Saves one row of the import table (an edit, or a new row appended at the end), starting
    /// the draft if there is none; `at` becomes the table's last-edit time.
    pub fn save_import_row(&mut self, row: &ImportRow, at: Timestamp) -> Result<(), StoreError> {
        self.write("saving an import row", |tx, path| {
            touch(tx, path, at)?;
            upsert_row(tx, path, row)
        })
    }

    /// Marks a row deleted (left out of this import only, IMP-5). Returns whether it existed.
    pub fn delete_import_row(
        &mut self,
        partition: &PartitionSerial,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        self.write("deleting an import row", |tx, path| {
            let what = "deleting an import row";
            let mut found: Vec<ImportRow> = json_rows(
                tx,
                path,
                what,
                "SELECT data FROM import_rows WHERE partition = ?1",
                [partition.as_str()],
            )?;
            let Some(mut row) = found.pop() else {
                return Ok(false);
            };
            row.deleted = true;
            touch(tx, path, at)?;
            upsert_row(tx, path, &row)?;
            Ok(true)
        })
    }

    /// Replaces the whole table with freshly discovered rows (a new draft created at `at`).
    pub fn replace_import_draft(
        &mut self,
        rows: &[ImportRow],
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.write("starting an import table", |tx, path| {
            let what = "starting an import table";
            exec(tx, path, what, "DELETE FROM import_rows", [])?;
            exec(tx, path, what, "DELETE FROM import_draft", [])?;
            touch(tx, path, at)?;
            for row in rows {
                upsert_row(tx, path, row)?;
            }
            Ok(())
        })
    }

    /// Saves a merged table (discovery again, IMP-3): the draft keeps its creation time, `at`
    /// becomes its last edit; rows are saved (kept in place, new ones at the end), `removed`
    /// rows deleted. One transaction.
    pub fn merge_import_draft(
        &mut self,
        rows: &[ImportRow],
        removed: &[PartitionSerial],
        at: Timestamp,
    ) -> Result<(), StoreError> {
        self.write("merging the import table", |tx, path| {
            touch(tx, path, at)?;
            for serial in removed {
                exec(
                    tx,
                    path,
                    "merging the import table",
                    "DELETE FROM import_rows WHERE partition = ?1",
                    [serial.as_str()],
                )?;
            }
            for row in rows {
                upsert_row(tx, path, row)?;
            }
            Ok(())
        })
    }

    /// The saved import table, if one was started and not cleared.
    pub fn load_import_draft(&self) -> Result<Option<ImportDraft>, StoreError> {
        self.read("loading the import table", |c, path| {
            let what = "loading the import table";
            let times: Option<(i64, i64)> = c
                .query_row(
                    "SELECT created_at, edited_at FROM import_draft WHERE id = 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .ctx(path, what)?;
            let Some((created, edited)) = times else {
                return Ok(None);
            };
            let rows = json_rows(
                c,
                path,
                what,
                "SELECT data FROM import_rows ORDER BY position",
                [],
            )?;
            Ok(Some(ImportDraft {
                created_at: Timestamp(created),
                edited_at: Timestamp(edited),
                rows,
            }))
        })
    }

    /// Deletes the saved table (import finished or cancelled, IMP-8).
    pub fn clear_import_draft(&mut self) -> Result<(), StoreError> {
        self.write("clearing the import table", |tx, path| {
            let what = "clearing the import table";
            exec(tx, path, what, "DELETE FROM import_rows", [])?;
            exec(tx, path, what, "DELETE FROM import_draft", [])?;
            Ok(())
        })
    }
}
