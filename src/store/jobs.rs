//! Jobs as the engine reported them (state, devices, outcome), so finished jobs stay visible
//! until acknowledged, across restarts.

use super::Store;
use super::codec::{exec, id_json_rows, to_json};
use super::error::StoreError;
use crate::domain::ids::JobId;
use crate::domain::job::Job;
use rusqlite::params;

impl Store {
    /// Inserts (id 0) or replaces a job; returns its id.
    pub fn save_job(&mut self, job: &Job) -> Result<JobId, StoreError> {
        self.write("saving a job", |tx, path| {
            let what = "saving a job";
            let data = to_json(path, what, job)?;
            let id: i64 = tx
                .query_row(
                    "INSERT INTO jobs (id, operation, state, started_at, data)
                     VALUES (?1, ?2, ?3, ?4, ?5)
                     ON CONFLICT (id) DO UPDATE SET operation = excluded.operation,
                     state = excluded.state, started_at = excluded.started_at,
                     data = excluded.data
                     RETURNING id",
                    params![
                        (job.id.0 != 0).then_some(job.id.0),
                        job.operation,
                        job.state.to_string(),
                        job.started_at.0,
                        data
                    ],
                    |r| r.get(0),
                )
                .map_err(|e| StoreError::sqlite(path, what, e))?;
            Ok(JobId(id))
        })
    }

    pub fn load_job(&self, id: JobId) -> Result<Option<Job>, StoreError> {
        self.read("loading a job", |c, path| {
            let mut v = id_json_rows(
                c,
                path,
                "loading a job",
                "SELECT id, data FROM jobs WHERE id = ?1",
                [id.0],
                |j: &mut Job, id| j.id = JobId(id),
            )?;
            Ok(v.pop())
        })
    }

    /// Every job, oldest first.
    pub fn list_jobs(&self) -> Result<Vec<Job>, StoreError> {
        self.read("listing jobs", |c, path| {
            id_json_rows(
                c,
                path,
                "listing jobs",
                "SELECT id, data FROM jobs ORDER BY id",
                [],
                |j: &mut Job, id| j.id = JobId(id),
            )
        })
    }

    /// Number of jobs stored.
    pub fn count_jobs(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM jobs", [], |r| r.get(0))
            .map_err(|e| StoreError::sqlite(&self.path, "counting jobs", e))?;
        super::codec::i64_to_u64(&self.path, "counting jobs", n)
    }

    pub fn delete_job(&mut self, id: JobId) -> Result<bool, StoreError> {
        self.write("removing a job", |tx, path| {
            let n = exec(
                tx,
                path,
                "removing a job",
                "DELETE FROM jobs WHERE id = ?1",
                [id.0],
            )?;
            Ok(n > 0)
        })
    }
}
