//! The dependency map: a product's features (or the portfolio's) by team and
//! target month, with the dependencies between them rolled up from their items;
//! late ones are those whose upstream feature is expected after the date needed.

use crate::error::AppError;
use crate::views::dependency_map::DependencyMapView;
use leptos::prelude::*;

/// The map of the features of `product` (a product board's id; every product's
/// when empty) still to do, and of the features they wait on or that wait on
/// them, wherever those are.
#[server(endpoint = "dependency_map")]
pub async fn dependency_map(
    #[server(default)] product: Option<String>,
) -> Result<DependencyMapView, AppError> {
    use std::collections::{HashMap, HashSet};

    use crate::domain::dependency::{expected_done, is_late};
    use crate::domain::dependency_map::{place, roll_up, MapFeature, MapLink};
    use crate::store::roadmap::PlannedItem;

    crate::security::guard::authorize(crate::domain::access::Action::Read)?;
    let db = crate::store::connection()?;
    let products = crate::store::boards::products(&db).await?;
    let product = match product.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => {
            let id = crate::store::parse_id(raw, "that product")?;
            if !products.iter().any(|p| p.id == id) {
                return Err(AppError::not_found("that product"));
            }
            Some(id)
        }
    };
    let now = chrono::Utc::now();
    let today = now.date_naive();
    let plan = crate::store::roadmap::read(&db, now).await?;
    let features: HashMap<uuid::Uuid, &PlannedItem> =
        plan.features.iter().map(|f| (f.id, f)).collect();
    let links = crate::store::dependencies::all(&db).await?;
    let rolled = roll_up(&links, |item| match features.contains_key(&item) {
        true => Some(item),
        false => plan.feature_of.get(&item).copied(),
    });
    let chosen: HashSet<uuid::Uuid> = plan
        .features
        .iter()
        .filter(|f| !f.done && product.is_none_or(|p| f.board_id == p))
        .map(|f| f.id)
        .collect();
    let rolled: Vec<_> = rolled
        .into_iter()
        .filter(|l| chosen.contains(&l.upstream) || chosen.contains(&l.downstream))
        .collect();
    let shown: Vec<&PlannedItem> = plan
        .features
        .iter()
        .filter(|f| {
            chosen.contains(&f.id)
                || rolled
                    .iter()
                    .any(|l| l.upstream == f.id || l.downstream == f.id)
        })
        .collect();
    let team_of = |feature: &PlannedItem| {
        feature
            .main_board
            .and_then(|board| plan.boards.get(&board))
            .map(|(name, _)| name.clone())
    };
    let (teams, periods, places) = place(
        &shown
            .iter()
            .map(|f| (team_of(f), f.target))
            .collect::<Vec<_>>(),
    );
    let mut expected = HashMap::new();
    let mut placed = Vec::with_capacity(shown.len());
    for (feature, (row, column, slot)) in shown.iter().zip(places) {
        let (_, forecast) = super::roadmap::forecast_of(feature, &plan.boards, today);
        let when = expected_done(forecast.ok().map(|f| f.done_by[1]), feature.target);
        expected.insert(feature.id, (feature.done, when));
        placed.push(MapFeature {
            id: feature.id,
            title: feature.title.clone(),
            done: feature.done,
            target: feature.target,
            expected: when,
            row,
            column,
            slot,
        });
    }
    let links = rolled
        .into_iter()
        .map(|link| {
            let (done, when) = expected
                .get(&link.upstream)
                .copied()
                .unwrap_or((false, None));
            MapLink {
                upstream: link.upstream,
                downstream: link.downstream,
                needed_by: link.needed_by,
                late: is_late(link.needed_by, done, when, today),
            }
        })
        .collect();
    Ok(DependencyMapView {
        product,
        products,
        today,
        teams,
        periods,
        features: placed,
        links,
    })
}
