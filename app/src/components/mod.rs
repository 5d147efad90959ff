//! Pieces shared by the pages.

mod board;
mod card;
mod card_markup;
mod delivery;
mod errors;
mod fields;
mod flow_charts;
mod follow;
mod form_error;
mod history;
mod live_board;
mod markup;
mod metric;
mod move_dialog;
mod nav;
mod page_title;
mod reload;
mod server_escape;
mod shortcuts;

pub use board::Board;
pub use card::{MoveFeedback, ProgressBar};
pub use delivery::{hours, DeliveryTable, KEYS};
pub use errors::ErrorList;
pub use fields::{
    data_changes, enum_options, scale_options, submission_error, SelectField, TextField,
    ISO_DATE_PATTERN,
};
pub use flow_charts::{AgingChart, CumulativeFlow, CycleTimeScatter, ThroughputChart, WipChart};
pub use follow::changed_elsewhere;
#[cfg(feature = "hydrate")]
pub use follow::{follow_boards, follow_from_read, follow_metrics};
pub use form_error::{posted_error, provide_posted_error, FormError};
pub use history::History;
pub use metric::{
    status_words, value_with_unit, LinkedItems, MetricBadge, MetricBadges, MetricLinks,
    MetricProgress, TrendChartView,
};
pub use nav::NavBar;
pub use page_title::PageTitle;
pub use reload::reload_on_success;
pub use shortcuts::Shortcuts;
