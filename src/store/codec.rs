//! Conversions between domain values and column values: JSON `data` columns, unsigned numbers
//! (SQLite integers are signed), and row collection with the file named in errors.

use super::error::{Context, StoreError};
use rusqlite::{Connection, Params, Row};
use serde::{Serialize, de::DeserializeOwned};
use std::path::Path;

pub(crate) fn to_json<T: Serialize>(
    path: &Path,
    what: &str,
    value: &T,
) -> Result<String, StoreError> {
    serde_json::to_string(value).ctx(path, what)
}

pub(crate) fn from_json<T: DeserializeOwned>(
    path: &Path,
    what: &str,
    text: &str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).ctx(path, what)
}

pub(crate) fn u64_to_i64(path: &Path, what: &str, v: u64) -> Result<i64, StoreError> {
    i64::try_from(v).map_err(|_| StoreError::Invalid {
        message: format!("{what}: {v} is too large to store ({})", path.display()),
    })
}

pub(crate) fn i64_to_u64(path: &Path, what: &str, v: i64) -> Result<u64, StoreError> {
    u64::try_from(v).map_err(|e| StoreError::corrupt(path, what, e))
}

/// Runs a query and maps each row; SQLite errors name the file and `what`.
pub(crate) fn rows<T, P: Params>(
    conn: &Connection,
    path: &Path,
    what: &str,
    sql: &str,
    params: P,
    map: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>, StoreError> {
    let mut stmt = conn.prepare_cached(sql).ctx(path, what)?;
    let mapped = stmt.query_map(params, map).ctx(path, what)?;
    mapped.collect::<Result<Vec<_>, _>>().ctx(path, what)
}

/// Rows whose single column is a JSON `data` text, decoded.
pub(crate) fn json_rows<T: DeserializeOwned, P: Params>(
    conn: &Connection,
    path: &Path,
    what: &str,
    sql: &str,
    params: P,
) -> Result<Vec<T>, StoreError> {
    rows(conn, path, what, sql, params, |r| r.get::<_, String>(0))?
        .iter()
        .map(|text| from_json(path, what, text))
        .collect()
}

/// Rows of `(id, data)`; the id column wins over the id inside the JSON (0 when first saved).
pub(crate) fn id_json_rows<T: DeserializeOwned, P: Params>(
    conn: &Connection,
    path: &Path,
    what: &str,
    sql: &str,
    params: P,
    mut set_id: impl FnMut(&mut T, i64),
) -> Result<Vec<T>, StoreError> {
    let raw = rows(conn, path, what, sql, params, |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out = Vec::with_capacity(raw.len());
    for (id, text) in raw {
        let mut value: T = from_json(path, what, &text)?;
        set_id(&mut value, id);
        out.push(value);
    }
    Ok(out)
}

pub(crate) fn exec<P: Params>(
    conn: &Connection,
    path: &Path,
    what: &str,
    sql: &str,
    params: P,
) -> Result<usize, StoreError> {
    conn.prepare_cached(sql)
        .and_then(|mut s| s.execute(params))
        .ctx(path, what)
}
