//! A board's flow metrics and delivery keys as its metrics page shows them.

use crate::domain::board::BoardRef;
use crate::domain::dora::FourKeys;
use crate::domain::flow::{DayRange, FlowCharts};
use crate::domain::hierarchy::ItemRef;
use crate::domain::NamedRef;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A board column as the flow charts name it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlowColumn {
    pub id: Uuid,
    pub name: String,
    pub started: bool,
}

/// The four keys over one window, for their trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeysWindow {
    pub last_day: NaiveDate,
    pub keys: FourKeys,
}

/// An item a flow page can be narrowed to, with its title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Narrowing {
    pub item: ItemRef,
    pub title: String,
}

/// The delivery of the teams behind a board: the team of a team board, the
/// teams with work under a product's features, every team for the portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardDelivery {
    pub teams: Vec<NamedRef>,
    pub keys: FourKeys,
    /// The keys over the six 30-day windows up to the range's end, oldest first.
    pub trend: Vec<KeysWindow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoardMetricsView {
    pub board_id: Uuid,
    pub board: BoardRef,
    /// The item whose cards alone are measured, if the reader chose one.
    pub within: Option<Narrowing>,
    /// What the page can be narrowed to: the items right above the board's cards.
    pub narrowings: Vec<Narrowing>,
    pub range: DayRange,
    /// Left to right, removed columns left out.
    pub columns: Vec<FlowColumn>,
    pub flow: FlowCharts,
    /// Titles of the items the charts name (a point's sample, aging items), by id.
    pub titles: Vec<(Uuid, String)>,
    pub delivery: BoardDelivery,
    /// How many cards the board finishes by a date, at its recent pace.
    pub pace: PaceForecast,
}

/// "How many by this date": the cards a board finishes from today to `by` (both
/// included, `days` in all) with 50 %, 85 % and 95 % likelihood, at its pace over
/// the last `HISTORY_DAYS` days; or why it cannot say.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaceForecast {
    pub by: NaiveDate,
    pub days: u32,
    pub outcome: Result<[u32; 3], crate::domain::forecast::NoForecast>,
}

/// How many 30-day windows the keys' trend shows.
pub const TREND_WINDOWS: i64 = 6;
