//! "My work": what the signed-in person holds across every board.

use crate::error::AppError;
use crate::views::board::MyWorkView;
use leptos::prelude::*;

/// The signed-in person's work items and epics, in the order they take them up.
#[server(endpoint = "my_work")]
pub async fn my_work() -> Result<MyWorkView, AppError> {
    use crate::domain::access::Action;
    use crate::domain::board::in_working_order;

    crate::security::guard::authorize(Action::Read)?;
    let user = crate::security::guard::identity()
        .user
        .ok_or(AppError::SignInRequired)?;
    let db = crate::store::connection()?;
    let held = crate::store::my_work::held_by(&db, &user.display_name).await?;
    let read_at = chrono::Utc::now();
    Ok(MyWorkView {
        items: in_working_order(held, read_at),
        read_at,
    })
}
