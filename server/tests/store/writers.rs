//! Writers to one SQLite file take turns: however long the queue, each gets the
//! database in the end, instead of polling SQLite's lock until its busy timeout
//! (5 s) runs out.

use std::time::Duration;

use crate::helpers::fresh_store;

/// More writers, each holding the database this long, than the busy timeout lets
/// the last of them wait through.
const WRITERS: usize = 14;
const HELD: Duration = Duration::from_millis(400);

#[tokio::test]
async fn every_writer_gets_its_turn_however_long_the_queue() {
    use sea_orm::ConnectionTrait;
    let store = fresh_store().await;
    store
        .db
        .execute_unprepared("CREATE TABLE turns (writer INTEGER NOT NULL)")
        .await
        .unwrap();
    let writers = (0..WRITERS).map(|writer| {
        let db = store.db.clone();
        tokio::spawn(async move {
            let txn = app::store::begin_writing(&db).await?;
            txn.execute_unprepared(&format!("INSERT INTO turns VALUES ({writer})"))
                .await?;
            tokio::time::sleep(HELD).await;
            txn.commit().await
        })
    });
    let results = futures::future::join_all(writers).await;
    for (writer, result) in results.into_iter().enumerate() {
        assert!(matches!(result, Ok(Ok(()))), "writer {writer}: {result:?}");
    }
    let written = store
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            store.db.get_database_backend(),
            "SELECT count(*) AS n FROM turns",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(written, WRITERS as i64);
}
