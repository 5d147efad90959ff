//! The whole hierarchy at once, from the vision to single tasks, and the work that
//! serves no part of it.

use crate::error::AppError;
use crate::views::strategy::StrategyView;
use leptos::prelude::*;

#[server(endpoint = "strategy_tree")]
pub async fn strategy_tree() -> Result<StrategyView, AppError> {
    use crate::domain::access::{decide, Action, Decision};
    let principal = crate::security::guard::authorize(Action::Read)?;
    let db = crate::store::connection()?;
    let mut tree = crate::store::strategy::tree(&db).await?;
    tree.may_edit = decide(Some(&principal), Action::EditStrategy) == Decision::Allowed;
    if tree.may_edit {
        tree.metric_choices = crate::store::metrics::names_in_order(&db).await?;
    }
    Ok(tree)
}
