//! Embedded schema migrations, applied in order on start.

/// `(version, sql)` for SQLite.
pub const SQLITE: &[(i64, &str)] = &[(1, include_str!("../../migrations/sqlite/0001_init.sql"))];

/// `(version, sql)` for PostgreSQL.
pub const POSTGRES: &[(i64, &str)] =
    &[(1, include_str!("../../migrations/postgres/0001_init.sql"))];
