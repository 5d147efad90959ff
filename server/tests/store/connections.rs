//! How the server sets up every SQLite connection it opens.

use std::ffi::c_int;

use crate::helpers::fresh_store;

/// SQLite plans a statement with a bound LIMIT for that LIMIT's value, and then
/// prepares it again for each new value, unless the query planner stability
/// guarantee is on: each connection of the pool has it on.
#[tokio::test]
async fn every_connection_plans_a_statement_once_whatever_values_are_bound() {
    let store = fresh_store().await;
    let pool = store.db.get_sqlite_connection_pool();
    let mut connections = Vec::new();
    for _ in 0..2 {
        connections.push(pool.acquire().await.expect("a pooled connection"));
    }
    for connection in &mut connections {
        let mut handle = connection.lock_handle().await.expect("the connection");
        let mut on: c_int = -1;
        // SAFETY: the handle is locked to this call; -1 asks for the setting,
        // written to `on`.
        let status = unsafe {
            libsqlite3_sys::sqlite3_db_config(
                handle.as_raw_handle().as_ptr(),
                libsqlite3_sys::SQLITE_DBCONFIG_ENABLE_QPSG,
                -1,
                &mut on as *mut c_int,
            )
        };
        assert_eq!((status, on), (libsqlite3_sys::SQLITE_OK, 1));
    }
}
