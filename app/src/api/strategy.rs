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
    let tree = crate::store::strategy::tree(&db).await?;
    let may_edit = decide(Some(&principal), Action::EditStrategy) == Decision::Allowed;
    let metric_choices = match may_edit {
        true => crate::store::metrics::names_in_order(&db).await?,
        false => Vec::new(),
    };
    Ok(StrategyView {
        visions: tree.visions,
        unaligned: tree.unaligned,
        may_edit,
        metric_choices,
    })
}
