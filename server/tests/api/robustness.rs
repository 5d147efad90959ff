//! Robustness to bad input: every server function and every `/api/v1` route, sent
//! input it must refuse, answers with a 4xx (never a 5xx) and changes nothing in the
//! database. One table lists every server function's fields and the kind of value
//! each takes; the cases are generated from it. A server function the table does not
//! list fails the test, so a new endpoint cannot ship without its input being tried.
//!
//! Every failure is collected and reported at the end, so one run shows them all.

use std::collections::BTreeMap;

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde_json::{json, Value};

use crate::helpers::{email_of, PlannedBoard, TestApp, World, BUILT_PASSWORD};

/// What a form field takes; the bad values sent to it follow from this.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// An id (a UUID).
    Uuid,
    /// An item named as `kind:<id>`, e.g. `work_item:…`.
    ItemRef,
    /// A whole number.
    Integer,
    /// A finite decimal number.
    Number,
    /// A day, like `2026-11-22`.
    Date,
    /// One key of a closed set.
    Choice,
    /// A checkbox: any value ticks it, so no value is wrong.
    Flag,
    /// `true` or `false`.
    Bool,
    /// An item's title: one line, at most 200 characters.
    Title,
    /// The name of a thing or a person (metric, unit, team, product, token, display
    /// name, assignee, owner): one line, at most 100 characters.
    Name,
    /// A board column's name: one line, at most 40 characters.
    ColumnName,
    /// Free text (descriptions, hypotheses, criteria, reasons): at most 10,000
    /// characters; line breaks and tabs allowed.
    Text,
    /// An email address: one line, at most 254 characters.
    Email,
    /// A password: at most 1,000 characters; its characters are not checked here.
    Password,
    /// Where to go after signing in: a path that is not on this site is ignored, not
    /// refused, so only its form is tried.
    Path,
    /// A webhook's target: an http(s) URL of at most 2,048 characters, one line.
    Url,
}

/// C0 and other control characters, refused in every text field.
const CONTROLS: &[(&str, &str)] = &[
    ("NUL", "\u{0}"),
    ("SOH", "\u{1}"),
    ("BEL", "\u{7}"),
    ("BS", "\u{8}"),
    ("VT", "\u{b}"),
    ("FF", "\u{c}"),
    ("ESC", "\u{1b}[31m"),
    ("US", "\u{1f}"),
    ("DEL", "\u{7f}"),
    ("NEL", "\u{85}"),
];

/// Kept by free text, refused on one line.
const LINE_BREAKS: &[(&str, &str)] = &[("LF", "\n"), ("CR", "\r"), ("TAB", "\t")];

/// Far past any field's limit.
const LONG: usize = 100_000;

impl Kind {
    /// Values of the wrong type or form.
    fn wrong_values(self) -> &'static [&'static str] {
        match self {
            Kind::Uuid => &[
                "not-a-number",
                "1e999",
                "-99999999999999999999",
                "2026-13-45",
            ],
            Kind::Integer => &[
                "not-a-number",
                "1e999",
                "-99999999999999999999",
                "2026-13-45",
                "1.5",
            ],
            // A huge negative number is still a number: it is not tried here.
            Kind::Number => &["not-a-number", "1e999", "NaN", "inf", "2026-13-45"],
            Kind::Date => &[
                "not-a-number",
                "1e999",
                "-99999999999999999999",
                "2026-13-45",
                "2026-02-30",
            ],
            Kind::ItemRef => &[
                "not-a-number",
                "work_item:not-a-uuid",
                "nothing:00000000-0000-0000-0000-000000000000",
            ],
            Kind::Choice => &["not-a-choice"],
            Kind::Url => &["not-a-url", "ftp://example.com/", "javascript:alert(1)"],
            Kind::Bool => &["maybe"],
            _ => &[],
        }
    }

    /// The most characters the field takes, for text.
    fn max_chars(self) -> Option<usize> {
        match self {
            Kind::Title => Some(200),
            Kind::Name => Some(100),
            Kind::ColumnName => Some(40),
            Kind::Text => Some(10_000),
            Kind::Email => Some(254),
            Kind::Url => Some(2048),
            Kind::Password => Some(1_000),
            _ => None,
        }
    }

    /// The control characters the field must refuse, by name.
    fn controls(self) -> Vec<(&'static str, &'static str)> {
        match self {
            Kind::Text => CONTROLS.to_vec(),
            Kind::Title | Kind::Name | Kind::ColumnName | Kind::Email | Kind::Url => {
                [CONTROLS, LINE_BREAKS].concat()
            }
            _ => Vec::new(),
        }
    }
}

/// Whether a field is sent in every call.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Sent {
    /// In every call; a call without it is refused.
    Required,
    /// In every call, so the other fields are tried in a realistic form, though a
    /// call without it would be fine (so that is not tried).
    Context,
    /// Only in the cases about it.
    Optional,
}

/// A form field as the browser sends it (`epic[title]` for a nested form).
#[derive(Debug, Clone, Copy)]
struct Field {
    name: &'static str,
    kind: Kind,
    /// A value the function accepts. `{…}` placeholders name the data built for
    /// the test (see [`Targets::placeholders`]).
    value: &'static str,
    sent: Sent,
}

const fn required(name: &'static str, kind: Kind, value: &'static str) -> Field {
    Field {
        name,
        kind,
        value,
        sent: Sent::Required,
    }
}

const fn context(name: &'static str, kind: Kind, value: &'static str) -> Field {
    Field {
        name,
        kind,
        value,
        sent: Sent::Context,
    }
}

const fn optional(name: &'static str, kind: Kind, value: &'static str) -> Field {
    Field {
        name,
        kind,
        value,
        sent: Sent::Optional,
    }
}

/// Who sends the cases.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Caller {
    /// Ada Admin, who may do everything, so validation is reached.
    Admin,
    /// A viewer: for `change_password`, which would end the admin's sessions if a
    /// bad case were wrongly accepted.
    Viewer,
    /// No session: signing in or out as the admin would end the admin's session.
    Anonymous,
}

/// What a call with no fields at all, or with a JSON body (which is no form), must
/// answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Bare {
    /// A refusal: the function needs input.
    Refused,
    /// Anything but a server error: the function takes no input, so such a call may
    /// succeed.
    MaySucceed,
}

/// A server function and its fields.
struct Endpoint {
    name: &'static str,
    caller: Caller,
    bare: Bare,
    /// In groups: the function's own arguments, then its form's fields.
    fields: &'static [&'static [Field]],
}

const ZERO: &str = "00000000-0000-0000-0000-000000000000";

const EPIC: &[Field] = &[
    required("epic[title]", Kind::Title, "Robustness epic"),
    optional("epic[description]", Kind::Text, "What it is about"),
    optional("epic[owner]", Kind::Name, "Erin"),
    optional("epic[theme_id]", Kind::Uuid, ZERO),
    optional("epic[hypothesis_for]", Kind::Text, "Logistics companies"),
    optional("epic[hypothesis_who]", Kind::Text, "ship parcels"),
    optional("epic[hypothesis_the]", Kind::Text, "swarm"),
    optional("epic[hypothesis_is_a]", Kind::Text, "service"),
    optional("epic[hypothesis_that]", Kind::Text, "delivers faster"),
    optional("epic[hypothesis_unlike]", Kind::Text, "vans"),
    optional("epic[hypothesis_our_solution]", Kind::Text, "flies"),
    optional("epic[business_outcome]", Kind::Text, "Cheaper last mile"),
    optional("epic[leading_indicators]", Kind::Text, "Pilot orders"),
    optional("epic[nonfunctional_requirements]", Kind::Text, "Quiet"),
    optional("epic[mvp_cost]", Kind::Integer, "1000"),
    optional("epic[full_cost]", Kind::Integer, "5000"),
    optional("epic[decision]", Kind::Choice, "go"),
    optional("epic[decision_date]", Kind::Date, "2026-11-20"),
    optional("epic[target_date]", Kind::Date, "2027-03-31"),
    optional(
        "epic[decision_reason]",
        Kind::Text,
        "A pilot customer signed",
    ),
    optional("epic[business_value]", Kind::Integer, "8"),
    optional("epic[time_criticality]", Kind::Integer, "5"),
    optional("epic[risk_reduction]", Kind::Integer, "3"),
    optional("epic[job_size]", Kind::Integer, "13"),
];

const FEATURE: &[Field] = &[
    required("feature[title]", Kind::Title, "Robustness feature"),
    optional("feature[description]", Kind::Text, "What it does"),
    optional("feature[acceptance_criteria]", Kind::Text, "It works"),
    optional("feature[size]", Kind::Integer, "5"),
    optional("feature[epic_id]", Kind::Uuid, "{epic}"),
    optional("feature[target_date]", Kind::Date, "2027-01-31"),
    optional("feature[business_value]", Kind::Integer, "8"),
    optional("feature[time_criticality]", Kind::Integer, "5"),
    optional("feature[risk_reduction]", Kind::Integer, "3"),
    optional("feature[job_size]", Kind::Integer, "13"),
];

/// Blocked, so a reason is read too.
const WORK_ITEM: &[Field] = &[
    required("item[title]", Kind::Title, "Robustness story"),
    context("item[blocked]", Kind::Flag, "on"),
    optional("item[description]", Kind::Text, "What to do"),
    optional("item[kind]", Kind::Choice, "story"),
    optional("item[size]", Kind::Integer, "3"),
    optional("item[assignee]", Kind::Name, "Omar"),
    optional("item[blocked_reason]", Kind::Name, "Waiting for parts"),
    optional("item[class_of_service]", Kind::Choice, "standard"),
    optional("item[feature_id]", Kind::Uuid, "{feature}"),
    optional("item[target_date]", Kind::Date, "2026-12-18"),
];

const VISION: &[Field] = &[
    required("vision[title]", Kind::Title, "Robustness vision"),
    optional("vision[statement]", Kind::Text, "Where we are going"),
];

const THEME: &[Field] = &[
    required("theme[title]", Kind::Title, "Robustness theme"),
    optional("theme[statement]", Kind::Text, "What we stress"),
];

const METRIC: &[Field] = &[
    required("metric[name]", Kind::Name, "Robustness metric"),
    required("metric[direction]", Kind::Choice, "increase"),
    required("metric[baseline]", Kind::Number, "1"),
    required("metric[baseline_date]", Kind::Date, "2026-01-01"),
    required("metric[target]", Kind::Number, "2"),
    required("metric[target_date]", Kind::Date, "2027-01-01"),
    optional("metric[description]", Kind::Text, "What it measures"),
    optional("metric[unit]", Kind::Name, "kg"),
    optional("metric[leading]", Kind::Flag, "on"),
    optional("metric[owner]", Kind::Name, "Erin"),
];

const MEASUREMENT: &[Field] = &[
    required("measurement[value]", Kind::Number, "12.5"),
    optional("measurement[measured_at]", Kind::Date, "2026-01-15"),
];

/// The settings of the Software board's "Review" column, renamed.
const COLUMN: &[Field] = &[
    required("column[name]", Kind::ColumnName, "Robustness"),
    required("column[category]", Kind::Choice, "{column_category}"),
    required("column[activity]", Kind::Choice, "{column_activity}"),
];

/// A soft limit on one person.
const LIMIT: &[Field] = &[
    required("limit[kind]", Kind::Choice, "person"),
    required("limit[person]", Kind::Name, "Robin"),
    required("limit[max]", Kind::Integer, "5"),
    required("limit[enforcement]", Kind::Choice, "soft"),
    optional("limit[column_id]", Kind::Uuid, "{column}"),
    optional("limit[last_column_id]", Kind::Uuid, "{column}"),
    optional("limit[class_of_service]", Kind::Choice, "standard"),
];

/// Every server function, with valid values for its fields (as the admin calls it,
/// unless `caller` says otherwise). Where a valid call would destroy data the next
/// functions need, its version is stale on purpose.
const ENDPOINTS: &[Endpoint] = &[
    Endpoint {
        name: "current_user",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "navigation",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "sign_in",
        caller: Caller::Anonymous,
        bare: Bare::Refused,
        fields: &[&[
            required("email", Kind::Email, "{viewer_email}"),
            required("password", Kind::Password, BUILT_PASSWORD),
            optional("next", Kind::Path, "/"),
        ]],
    },
    Endpoint {
        name: "sign_out",
        caller: Caller::Anonymous,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    // Accounts exist, so a valid call is refused (409) too.
    Endpoint {
        name: "create_first_admin",
        caller: Caller::Anonymous,
        bare: Bare::Refused,
        fields: &[&[
            required("email", Kind::Email, "first@example.com"),
            required("display_name", Kind::Name, "First"),
            required("password", Kind::Password, "long enough pw"),
        ]],
    },
    Endpoint {
        name: "change_password",
        caller: Caller::Viewer,
        bare: Bare::Refused,
        fields: &[&[
            required("current_password", Kind::Password, BUILT_PASSWORD),
            required("new_password", Kind::Password, BUILT_PASSWORD),
        ]],
    },
    Endpoint {
        name: "my_work",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "choose_theme",
        caller: Caller::Viewer,
        bare: Bare::Refused,
        fields: &[&[required("theme", Kind::Choice, "dark")]],
    },
    Endpoint {
        name: "portfolio_board",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[&[optional("all_done", Kind::Bool, "true")]],
    },
    Endpoint {
        name: "team_board",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("team_id", Kind::Uuid, "{team}"),
            optional("all_done", Kind::Bool, "true"),
        ]],
    },
    Endpoint {
        name: "team_directory",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "strategy_tree",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "roadmap",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "dependency_map",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[&[optional("product", Kind::Uuid, "{product}")]],
    },
    Endpoint {
        name: "api_tokens",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "create_api_token",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("name", Kind::Name, "Robustness"),
            context("read", Kind::Flag, "on"),
            optional("write_items", Kind::Flag, "on"),
            optional("record_telemetry", Kind::Flag, "on"),
            optional("administer", Kind::Flag, "on"),
            optional("metric_id", Kind::Uuid, "{metric}"),
            optional("team_ids[0]", Kind::Uuid, "{team}"),
        ]],
    },
    Endpoint {
        name: "revoke_api_token",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("id", Kind::Uuid, ZERO)]],
    },
    Endpoint {
        name: "webhooks",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "webhook",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("id", Kind::Uuid, ZERO)]],
    },
    Endpoint {
        name: "create_webhook",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("url", Kind::Url, "http://127.0.0.1:9/robustness"),
            required("events[0]", Kind::Choice, "item.created"),
            optional("team_id", Kind::Uuid, "{team}"),
        ]],
    },
    Endpoint {
        name: "delete_webhook",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("id", Kind::Uuid, ZERO)]],
    },
    Endpoint {
        name: "redeliver_webhook",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("subscription_id", Kind::Uuid, ZERO),
            required("delivery_id", Kind::Uuid, ZERO),
        ]],
    },
    Endpoint {
        name: "import_desk",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "import_preview",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("upload_id", Kind::Uuid, ZERO)]],
    },
    Endpoint {
        name: "map_import_statuses",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("upload_id", Kind::Uuid, ZERO),
            optional("statuses[0]", Kind::Name, "Done"),
            optional("columns[0]", Kind::ColumnName, "Done"),
        ]],
    },
    Endpoint {
        name: "start_import",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("upload_id", Kind::Uuid, ZERO)]],
    },
    Endpoint {
        name: "discard_import",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("upload_id", Kind::Uuid, ZERO)]],
    },
    Endpoint {
        name: "user_directory",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "activity_feed",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "create_board",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("kind", Kind::Choice, "product"),
            required("name", Kind::Name, "Robustness product"),
        ]],
    },
    Endpoint {
        name: "item_detail",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("kind", Kind::Choice, "work_item"),
            required("item_id", Kind::Uuid, "{item}"),
        ]],
    },
    Endpoint {
        name: "product_board",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("product_id", Kind::Uuid, "{product}"),
            optional("all_done", Kind::Bool, "true"),
        ]],
    },
    Endpoint {
        name: "move_item",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("kind", Kind::Choice, "work_item"),
            required("item_id", Kind::Uuid, "{item}"),
            required("to_column_id", Kind::Uuid, "{column}"),
            required("version", Kind::Integer, "{item_version}"),
            optional("before_id", Kind::Uuid, ZERO),
            optional("reason", Kind::Text, "Urgent fix"),
        ]],
    },
    // A stale version: a valid call is refused (409), so the epic stays.
    Endpoint {
        name: "delete_item",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("kind", Kind::Choice, "epic"),
            required("item_id", Kind::Uuid, "{epic}"),
            required("version", Kind::Integer, "0"),
            optional("children", Kind::Choice, "move"),
            optional("move_children_to", Kind::Uuid, ZERO),
        ]],
    },
    Endpoint {
        name: "create_epic",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[EPIC],
    },
    Endpoint {
        name: "update_epic",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[
            &[
                required("epic_id", Kind::Uuid, "{epic}"),
                required("version", Kind::Integer, "{epic_version}"),
            ],
            EPIC,
        ],
    },
    // Without `vision_id` and `version` it would create a second vision (409).
    Endpoint {
        name: "save_vision",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[
            &[
                required("vision_id", Kind::Uuid, "{vision}"),
                required("version", Kind::Integer, "{vision_version}"),
            ],
            VISION,
        ],
    },
    Endpoint {
        name: "save_theme",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[
            &[
                required("vision_id", Kind::Uuid, "{vision}"),
                optional("theme_id", Kind::Uuid, ZERO),
                optional("version", Kind::Integer, "1"),
            ],
            THEME,
        ],
    },
    Endpoint {
        name: "create_feature",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("product_id", Kind::Uuid, "{product}")], FEATURE],
    },
    Endpoint {
        name: "update_feature",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[
            &[
                required("feature_id", Kind::Uuid, "{feature}"),
                required("version", Kind::Integer, "{feature_version}"),
            ],
            FEATURE,
        ],
    },
    Endpoint {
        name: "create_work_item",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("team_id", Kind::Uuid, "{team}")], WORK_ITEM],
    },
    Endpoint {
        name: "add_card",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("board_id", Kind::Uuid, "{team_board}"),
            required("column_id", Kind::Uuid, "{column}"),
            required("title", Kind::Text, "Robust card"),
        ]],
    },
    Endpoint {
        name: "add_column",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("team_id", Kind::Uuid, "{team}")], COLUMN],
    },
    Endpoint {
        name: "update_column",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[
            &[
                required("column_id", Kind::Uuid, "{column}"),
                required("version", Kind::Integer, "{column_version}"),
            ],
            COLUMN,
        ],
    },
    Endpoint {
        name: "move_column",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("column_id", Kind::Uuid, "{column}"),
            required("direction", Kind::Choice, "left"),
        ]],
    },
    // Review holds cards, so a valid call is refused (409) and it stays.
    Endpoint {
        name: "remove_column",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("column_id", Kind::Uuid, "{column}")]],
    },
    Endpoint {
        name: "wip_settings",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("board_id", Kind::Uuid, "{team_board}")]],
    },
    Endpoint {
        name: "wip_report",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "metric_directory",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "create_metric",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[METRIC],
    },
    Endpoint {
        name: "update_metric",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[
            &[
                required("metric_id", Kind::Uuid, "{metric}"),
                required("version", Kind::Integer, "{metric_version}"),
            ],
            METRIC,
        ],
    },
    Endpoint {
        name: "metric_measurements",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("metric_id", Kind::Uuid, "{metric}")]],
    },
    Endpoint {
        name: "metric_page",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("metric_id", Kind::Uuid, "{metric}")]],
    },
    Endpoint {
        name: "record_measurement",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[
            &[
                required("metric_id", Kind::Uuid, "{metric}"),
                optional("confirm", Kind::Flag, "on"),
            ],
            MEASUREMENT,
        ],
    },
    Endpoint {
        name: "correct_measurement",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[
            &[
                required("metric_id", Kind::Uuid, "{metric}"),
                required("measurement_id", Kind::Uuid, ZERO),
                optional("confirm", Kind::Flag, "on"),
            ],
            MEASUREMENT,
        ],
    },
    Endpoint {
        name: "delete_measurement",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("metric_id", Kind::Uuid, "{metric}"),
            required("measurement_id", Kind::Uuid, ZERO),
        ]],
    },
    Endpoint {
        name: "link_metric",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("metric_id", Kind::Uuid, "{metric}"),
            required("item", Kind::ItemRef, "work_item:{item}"),
        ]],
    },
    Endpoint {
        name: "unlink_metric",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("metric_id", Kind::Uuid, "{metric}"),
            required("item", Kind::ItemRef, "work_item:{item}"),
        ]],
    },
    // The item waiting on itself: a valid call is refused (400), nothing stored.
    Endpoint {
        name: "add_dependency",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("item_id", Kind::Uuid, "{item}"),
            required("dependency[upstream_id]", Kind::Uuid, "{item}"),
            optional("dependency[needed_by]", Kind::Date, "2027-01-15"),
            optional("dependency[note]", Kind::Text, "Needs the API"),
        ]],
    },
    Endpoint {
        name: "remove_dependency",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("item_id", Kind::Uuid, "{item}"),
            required("dependency_id", Kind::Uuid, ZERO),
        ]],
    },
    Endpoint {
        name: "executive_dashboard",
        caller: Caller::Admin,
        bare: Bare::MaySucceed,
        fields: &[],
    },
    Endpoint {
        name: "board_metrics",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("board_id", Kind::Uuid, "{team_board}"),
            optional("from", Kind::Date, "2026-01-01"),
            optional("to", Kind::Date, "2026-02-01"),
            optional("within", Kind::ItemRef, "epic:{epic}"),
            optional("by", Kind::Date, "{in_a_month}"),
        ]],
    },
    Endpoint {
        name: "team_delivery",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[required("team_id", Kind::Uuid, "{team}")]],
    },
    Endpoint {
        name: "save_wip_limit",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[
            &[
                required("board_id", Kind::Uuid, "{team_board}"),
                optional("limit_id", Kind::Uuid, ZERO),
                optional("version", Kind::Integer, "1"),
            ],
            LIMIT,
        ],
    },
    Endpoint {
        name: "remove_wip_limit",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("board_id", Kind::Uuid, "{team_board}"),
            required("limit_id", Kind::Uuid, ZERO),
        ]],
    },
    Endpoint {
        name: "set_wip_measure",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("board_id", Kind::Uuid, "{team_board}"),
            required("measure", Kind::Choice, "size"),
        ]],
    },
    Endpoint {
        name: "update_work_item",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[
            &[
                required("item_id", Kind::Uuid, "{item}"),
                required("version", Kind::Integer, "{item_version}"),
            ],
            WORK_ITEM,
        ],
    },
    Endpoint {
        name: "create_user",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("email", Kind::Email, "new@example.com"),
            required("display_name", Kind::Name, "New person"),
            required("role", Kind::Choice, "viewer"),
            required("password", Kind::Password, "long enough pw"),
        ]],
    },
    // No such user: a valid call is refused (404).
    Endpoint {
        name: "set_user_role",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("user_id", Kind::Uuid, ZERO),
            required("role", Kind::Choice, "viewer"),
            required("version", Kind::Integer, "1"),
        ]],
    },
    Endpoint {
        name: "set_assignment",
        caller: Caller::Admin,
        bare: Bare::Refused,
        fields: &[&[
            required("user_id", Kind::Uuid, ZERO),
            required("kind", Kind::Choice, "team"),
            required("target_id", Kind::Uuid, "{team}"),
            required("held", Kind::Bool, "true"),
        ]],
    },
];

#[test]
fn every_endpoint_is_in_the_robustness_table() {
    let mut registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    registered.sort();
    let mut listed: Vec<String> = ENDPOINTS.iter().map(|e| e.name.to_owned()).collect();
    listed.sort();
    assert_eq!(registered, listed, "add every server function to ENDPOINTS");
}

#[tokio::test]
async fn bad_input_is_refused_and_changes_nothing() {
    bad_input_is_refused_everywhere(World::new().await).await;
}

#[tokio::test]
#[ignore = "needs THROUGHLINE_TEST_POSTGRES_URL (make test provides it)"]
async fn bad_input_is_refused_and_changes_nothing_on_postgresql() {
    bad_input_is_refused_everywhere(World::on(TestApp::empty_on_postgres().await).await).await;
}

/// Sends every generated case to every server function and `/api/v1` route of
/// `world`, and asserts that no answer broke its expectation and that no
/// function's cases changed the database.
async fn bad_input_is_refused_everywhere(world: World) {
    let targets = Targets(world.planned_board().await);
    let admin = &world.admin;
    let viewer = world.user(VIEWER, "viewer").await;
    let anonymous = world.visitor();
    let db = sea_orm::Database::connect(&admin.database_url)
        .await
        .expect("the test reaches the database");
    let mut failures = Vec::new();

    for endpoint in ENDPOINTS {
        let client = match endpoint.caller {
            Caller::Admin => admin,
            Caller::Viewer => &viewer,
            Caller::Anonymous => &anonymous,
        };
        let placeholders = targets.placeholders(admin).await;
        let before = fingerprint(&db).await;
        for case in form_cases(endpoint, &placeholders) {
            let what = format!("{} {}", endpoint.name, case.name);
            let request = client
                .client
                .post(format!("{}/api/{}", client.address, endpoint.name))
                .header("origin", &client.address)
                .header("content-type", case.content_type)
                .body(case.body);
            let request = match &client.session {
                Some(cookie) => request.header("cookie", cookie),
                None => request,
            };
            judge(&mut failures, what, case.expect, answer(request).await);
        }
        compare(
            &mut failures,
            endpoint.name,
            &before,
            &fingerprint(&db).await,
        );
    }
    ingestion(admin, &db, &targets.0.metric, &mut failures).await;
    following(admin, &targets.0.software.board_id, &mut failures).await;

    assert!(
        failures.is_empty(),
        "{} answers broke the guarantee:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A request to send and what its answer must be.
struct Case {
    name: String,
    content_type: &'static str,
    body: Vec<u8>,
    expect: Expect,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// A 4xx.
    Refused,
    /// A 4xx whose JSON `message` says what is wrong.
    RefusedSaying,
    /// Anything but a 5xx: the input may be fine for this function.
    NotServerError,
    /// Exactly 413.
    TooLarge,
}

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

type Form = Vec<(String, String)>;

/// The cases for one server function, its placeholders filled in.
fn form_cases(endpoint: &Endpoint, placeholders: &[(&str, String)]) -> Vec<Case> {
    let fields: Vec<(Field, String)> = endpoint
        .fields
        .iter()
        .flat_map(|group| group.iter())
        .map(|field| (*field, fill(field.value, placeholders)))
        .collect();
    let base: Form = fields
        .iter()
        .filter(|(field, _)| field.sent != Sent::Optional)
        .map(|(field, value)| (field.name.to_owned(), value.clone()))
        .collect();
    let bare = match endpoint.bare {
        Bare::Refused => Expect::Refused,
        Bare::MaySucceed => Expect::NotServerError,
    };
    let form = |name: String, pairs: &[(String, String)], expect: Expect| Case {
        name,
        content_type: FORM,
        body: encode(pairs),
        expect,
    };

    let mut cases = vec![form("(a) no fields".into(), &[], bare)];
    for (field, value) in &fields {
        let name = field.name;
        if field.sent == Sent::Required {
            let missing = without(&base, name);
            cases.push(form(
                format!("(b) without {name}"),
                &missing,
                Expect::Refused,
            ));
        }
        let mut twice = without(&base, name);
        twice.push((name.to_owned(), value.clone()));
        twice.push((name.to_owned(), value.clone()));
        cases.push(form(format!("(c) {name} twice"), &twice, Expect::Refused));
        for wrong in field.kind.wrong_values() {
            let pairs = with(&base, name, wrong.to_string());
            cases.push(form(
                format!("(d) {name} = {wrong:?}"),
                &pairs,
                Expect::RefusedSaying,
            ));
        }
        if let Some(max) = field.kind.max_chars() {
            for length in [max + 1, LONG] {
                let pairs = with(&base, name, padded(value, length));
                let case = format!("(e) {name} of {length} characters");
                cases.push(form(case, &pairs, Expect::RefusedSaying));
            }
        }
        for (control, text) in field.kind.controls() {
            let pairs = with(&base, name, with_control(value, text));
            let case = format!("(f) {name} with {control}");
            cases.push(form(case, &pairs, Expect::RefusedSaying));
        }
    }
    cases.push(Case {
        name: "(g) a JSON body".into(),
        content_type: JSON,
        body: as_json(&base),
        expect: bare,
    });
    let mut huge = base.clone();
    huge.push(("padding".into(), "x".repeat(2 << 20)));
    cases.push(form(
        "(h) a body over 2 MiB".into(),
        &huge,
        Expect::TooLarge,
    ));
    cases
}

/// `value` with each placeholder replaced by its value.
fn fill(value: &str, placeholders: &[(&str, String)]) -> String {
    placeholders
        .iter()
        .fold(value.to_owned(), |value, (name, filled)| {
            value.replace(name, filled)
        })
}

fn without(form: &[(String, String)], name: &str) -> Form {
    form.iter().filter(|(n, _)| n != name).cloned().collect()
}

/// `form` with the field `name` set to `value` (added when it is not there).
fn with(form: &[(String, String)], name: &str, value: String) -> Form {
    let mut form = without(form, name);
    form.push((name.to_owned(), value));
    form
}

/// `valid` lengthened to `chars` characters at its start (an email stays one).
fn padded(valid: &str, chars: usize) -> String {
    let mut value = "x".repeat(chars.saturating_sub(valid.chars().count()));
    value.push_str(valid);
    value
}

/// `valid` with `control` in its middle, where trimming cannot remove it.
fn with_control(valid: &str, control: &str) -> String {
    let middle = valid
        .char_indices()
        .nth(valid.chars().count() / 2)
        .map_or(valid.len(), |(at, _)| at);
    format!("{}{control}{}", &valid[..middle], &valid[middle..])
}

fn encode(form: &[(String, String)]) -> Vec<u8> {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(form)
        .finish()
        .into_bytes()
}

/// The form as the JSON object a client might send instead (`epic[title]` nested
/// as `{"epic":{"title":…}}`).
fn as_json(form: &[(String, String)]) -> Vec<u8> {
    let mut object = serde_json::Map::new();
    for (name, value) in form {
        match name.split_once('[') {
            Some((outer, inner)) => {
                let inner = inner.trim_end_matches(']');
                object.entry(outer).or_insert_with(|| json!({}))[inner] = json!(value);
            }
            None => {
                object.insert(name.clone(), json!(value));
            }
        }
    }
    Value::Object(object).to_string().into_bytes()
}

/// The answer's (status, body), or why there was none.
async fn answer(request: reqwest::RequestBuilder) -> Result<(u16, String), String> {
    let response = request
        .send()
        .await
        .map_err(|error| format!("no answer: {error}"))?;
    let status = response.status().as_u16();
    let body = response
        .text()
        .await
        .map_err(|error| format!("{status} with an unreadable body: {error}"))?;
    Ok((status, body))
}

/// Records `what` among the failures when its answer breaks `expect`.
fn judge(
    failures: &mut Vec<String>,
    what: String,
    expect: Expect,
    answer: Result<(u16, String), String>,
) {
    let (status, body) = match answer {
        Ok(answer) => answer,
        Err(error) => {
            failures.push(format!("{what} -> {error}"));
            return;
        }
    };
    if let Some(broken) = broken(expect, status, &body) {
        let body: String = body.chars().take(300).collect();
        failures.push(format!("{what} -> {status} {body} ({broken})"));
    }
}

/// What is wrong with an answer, if anything.
fn broken(expect: Expect, status: u16, body: &str) -> Option<&'static str> {
    let refused = (400..500).contains(&status);
    match expect {
        _ if status >= 500 => Some("a server error"),
        Expect::NotServerError => None,
        Expect::TooLarge => (status != 413).then_some("expected 413"),
        Expect::Refused | Expect::RefusedSaying if !refused => Some("expected a refusal"),
        Expect::Refused => None,
        Expect::RefusedSaying => (!has_message(body)).then_some("expected a message"),
    }
}

/// A sentence: `message` of a server function's error, `detail` of the public
/// API's problem details.
fn has_message(body: &str) -> bool {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|answer| {
            let said = answer["message"].as_str().or(answer["detail"].as_str());
            said.map(|m| !m.trim().is_empty())
        })
        .unwrap_or(false)
}

/// The viewer who sends the `change_password` cases, and whose email the
/// `sign_in` cases name.
const VIEWER: &str = "Vic Viewer";

/// The data the placeholders name, built for the test. Ids are known once;
/// versions (and the column's settings) are read before each function, so that a
/// call wrongly accepted is reported once and does not make the next functions'
/// valid fields stale.
struct Targets(PlannedBoard);

impl Targets {
    /// Each placeholder with its value now.
    async fn placeholders(&self, admin: &TestApp) -> Vec<(&'static str, String)> {
        let PlannedBoard {
            chain,
            software,
            item,
            metric,
        } = &self.0;
        let team_board = read(admin, "team_board", &[("team_id", &software.id)]).await;
        let portfolio = read(admin, "portfolio_board", &[]).await;
        let features = read(admin, "product_board", &[("product_id", &chain.product)]).await;
        let tree = read(admin, "strategy_tree", &[]).await;
        let metrics = read(admin, "metric_directory", &[]).await;
        let review = software.column_id("Review");
        let column = team_board["columns"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|column| column["id"] == review.as_str())
            .cloned()
            .unwrap_or(Value::Null);
        vec![
            ("{item}", item.clone()),
            ("{item_version}", card_version(&team_board, item)),
            ("{column}", review),
            ("{column_version}", column["version"].to_string()),
            ("{column_category}", form_key(&column["category"])),
            ("{column_activity}", form_key(&column["activity"])),
            ("{epic}", chain.epic.clone()),
            ("{epic_version}", card_version(&portfolio, &chain.epic)),
            ("{feature}", chain.feature.clone()),
            ("{feature_version}", card_version(&features, &chain.feature)),
            ("{product}", chain.product.clone()),
            ("{team}", software.id.clone()),
            ("{team_board}", software.board_id.clone()),
            ("{vision}", chain.vision.clone()),
            (
                "{vision_version}",
                version_in(&tree["visions"], &chain.vision),
            ),
            ("{metric}", metric.clone()),
            ("{metric_version}", version_in(&metrics["metrics"], metric)),
            ("{viewer_email}", email_of(VIEWER)),
            (
                "{in_a_month}",
                (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string(),
            ),
        ]
    }
}

async fn read(app: &TestApp, function: &str, form: &[(&str, &str)]) -> Value {
    let response = app.call(function, form).await;
    response.json().await.unwrap_or(Value::Null)
}

/// The version of the card `id` on `board`.
fn card_version(board: &Value, id: &str) -> String {
    let cards = board["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|column| column["cards"].as_array().into_iter().flatten());
    version_of(cards, id)
}

/// The version of the entry `id` of the JSON array `list`.
fn version_in(list: &Value, id: &str) -> String {
    version_of(list.as_array().into_iter().flatten(), id)
}

/// The row's version, or a stale one ("0") when it is gone.
fn version_of<'a>(mut rows: impl Iterator<Item = &'a Value>, id: &str) -> String {
    rows.find(|row| row["id"] == id)
        .map_or_else(|| "0".to_owned(), |row| row["version"].to_string())
}

/// A closed-set member as the API shows it (`NotStarted`) as a form sends it
/// (`not_started`).
fn form_key(shown: &Value) -> String {
    let mut key = String::new();
    for (n, c) in shown.as_str().unwrap_or_default().chars().enumerate() {
        if c.is_uppercase() && n > 0 {
            key.push('_');
        }
        key.push(c.to_ascii_lowercase());
    }
    key
}

/// Each table's rows, the sum of its `version`s and its latest `updated_at` (where
/// it has them), as text.
type Fingerprint = BTreeMap<String, String>;

/// Tables left out: those signing in writes whatever the input, and the migrations
/// (written at start-up only; their `version` is a name).
const UNWATCHED: &[&str] = &["sessions", "sign_in_failures", "seaql_migrations"];

/// The database as it is now, in brief: every table but the [`UNWATCHED`].
async fn fingerprint(db: &DatabaseConnection) -> Fingerprint {
    let backend = db.get_database_backend();
    let columns = if backend == DbBackend::Sqlite {
        "SELECT m.name, p.name FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p \
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'"
    } else {
        "SELECT CAST(c.table_name AS TEXT), CAST(c.column_name AS TEXT) \
         FROM information_schema.columns AS c JOIN information_schema.tables AS t \
         ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'"
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, columns))
        .await
        .expect("the tables are listed");
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rows {
        let table: String = row.try_get_by_index(0).expect("a table name");
        let column: String = row.try_get_by_index(1).expect("a column name");
        tables.entry(table).or_default().push(column);
    }

    let mut fingerprint = Fingerprint::new();
    for (table, columns) in tables {
        if UNWATCHED.contains(&table.as_str()) {
            continue;
        }
        let has = |name: &str| columns.iter().any(|column| column == name);
        let versions = if has("version") {
            r#"CAST(SUM("version") AS TEXT)"#
        } else {
            "CAST(NULL AS TEXT)"
        };
        let updated = if has("updated_at") {
            r#"CAST(MAX("updated_at") AS TEXT)"#
        } else {
            "CAST(NULL AS TEXT)"
        };
        let count = "CAST(COUNT(*) AS TEXT)";
        let sql = format!(r#"SELECT {count}, {versions}, {updated} FROM "{table}""#);
        let row = db
            .query_one_raw(Statement::from_string(backend, sql))
            .await
            .expect("the table is read")
            .expect("one row");
        let value = |at| {
            row.try_get_by_index::<Option<String>>(at)
                .expect("a value")
                .unwrap_or_else(|| "none".into())
        };
        let summary = format!(
            "{} rows, versions {}, updated {}",
            value(0),
            value(1),
            value(2)
        );
        fingerprint.insert(table, summary);
    }
    fingerprint
}

/// Records each table whose fingerprint changed while `what` was being sent.
fn compare(failures: &mut Vec<String>, what: &str, before: &Fingerprint, after: &Fingerprint) {
    for (table, was) in before {
        let now = after.get(table).map_or("gone", String::as_str);
        if now != was.as_str() {
            failures.push(format!(
                "{what} changed the database: {table}: {was} -> {now}"
            ));
        }
    }
}

/// A JSON field of an `/api/v1` body, by JSON pointer.
struct JsonField {
    pointer: &'static str,
    kind: JsonKind,
    /// Whether a body without it is refused.
    required: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum JsonKind {
    /// An identifier or short string (id, service, team, environment, sha): at most
    /// 200 characters, one line.
    Text,
    /// One string of a closed set.
    Choice,
    /// An RFC 3339 time.
    Time,
    Number,
    List,
}

impl JsonKind {
    /// Values of the wrong JSON type or form.
    fn wrong_values(self, required: bool) -> Vec<Value> {
        let mut wrong = match self {
            JsonKind::Text | JsonKind::Choice | JsonKind::Time => {
                vec![json!(42), json!(true), json!([]), json!({})]
            }
            JsonKind::Number => vec![json!("high"), json!(true), json!([]), json!({})],
            JsonKind::List => vec![json!("abc"), json!(42), json!({})],
        };
        match self {
            JsonKind::Choice => wrong.push(json!("sideways")),
            JsonKind::Time => wrong.extend([json!("not a time"), json!("2026-13-45T00:00:00Z")]),
            _ => {}
        }
        // An optional field may be null: that is leaving it out.
        if required {
            wrong.push(Value::Null);
        }
        wrong
    }

    fn is_string(self) -> bool {
        matches!(self, JsonKind::Text | JsonKind::Choice | JsonKind::Time)
    }
}

const fn json_field(pointer: &'static str, kind: JsonKind, required: bool) -> JsonField {
    JsonField {
        pointer,
        kind,
        required,
    }
}

const MEASUREMENT_FIELDS: &[JsonField] = &[
    json_field("/id", JsonKind::Text, false),
    json_field("/value", JsonKind::Number, true),
    json_field("/measured_at", JsonKind::Time, true),
];

const DEPLOYMENT_FIELDS: &[JsonField] = &[
    json_field("/id", JsonKind::Text, true),
    json_field("/service", JsonKind::Text, true),
    json_field("/team", JsonKind::Text, true),
    json_field("/environment", JsonKind::Text, true),
    json_field("/deployed_at", JsonKind::Time, true),
    json_field("/status", JsonKind::Choice, true),
    json_field("/commits", JsonKind::List, false),
    json_field("/commits/0/sha", JsonKind::Text, true),
    json_field("/commits/0/committed_at", JsonKind::Time, true),
];

/// `caused_by` is not in the valid body (it would name a deployment); its cases
/// add it.
const INCIDENT_FIELDS: &[JsonField] = &[
    json_field("/id", JsonKind::Text, true),
    json_field("/service", JsonKind::Text, true),
    json_field("/team", JsonKind::Text, false),
    json_field("/started_at", JsonKind::Time, true),
    json_field("/ended_at", JsonKind::Time, false),
    json_field("/caused_by", JsonKind::Text, false),
];

/// An `/api/v1` route with a valid body (never sent as it is).
struct Route {
    path: String,
    /// The key of a batch: `{"measurements":[…]}`.
    batch: &'static str,
    body: Value,
    fields: &'static [JsonField],
    /// Paths naming no valid target, sent the valid body.
    bad_paths: Vec<String>,
}

/// Identifiers and short strings machines send.
const MACHINE_TEXT_MAX: usize = 200;

/// Stands for a number JSON cannot hold, written into the body as text.
const HUGE_NUMBER: &str = "robustness-huge-number";

fn routes(metric: &str) -> Vec<Route> {
    let now = chrono::Utc::now();
    let ago = |hours: i64| {
        (now - chrono::Duration::hours(hours)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    };
    vec![
        Route {
            path: format!("/api/v1/metrics/{metric}/measurements"),
            batch: "measurements",
            body: json!({"id": "robustness-1", "value": 12.5, "measured_at": ago(2)}),
            fields: MEASUREMENT_FIELDS,
            bad_paths: vec![
                "/api/v1/metrics/not-a-uuid/measurements".into(),
                format!("/api/v1/metrics/{}/measurements", "x".repeat(201)),
            ],
        },
        Route {
            path: "/api/v1/deployments".into(),
            batch: "deployments",
            body: json!({
                "id": "robustness-1",
                "service": "flight-software",
                "team": "Software",
                "environment": "production",
                "deployed_at": ago(2),
                "status": "success",
                "commits": [{"sha": "a1b2c3d", "committed_at": ago(3)}],
            }),
            fields: DEPLOYMENT_FIELDS,
            bad_paths: Vec::new(),
        },
        Route {
            path: "/api/v1/incidents".into(),
            batch: "incidents",
            body: json!({
                "id": "INC-robustness",
                "service": "flight-software",
                "team": "Software",
                "started_at": ago(2),
                "ended_at": ago(1),
            }),
            fields: INCIDENT_FIELDS,
            bad_paths: Vec::new(),
        },
    ]
}

/// The `/api/v1` routes, with a token that may record telemetry: bad bodies are
/// refused with a 4xx (413 over 1 MiB), and a batch holding one bad item stores
/// nothing.
async fn ingestion(
    admin: &TestApp,
    db: &DatabaseConnection,
    metric: &str,
    failures: &mut Vec<String>,
) {
    let (token, _) = admin
        .create_token("robustness", &["record_telemetry"])
        .await;
    let post = |path: &str, content_type: &str, body: Vec<u8>| {
        admin
            .client
            .post(format!("{}{path}", admin.address))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body)
    };
    for route in routes(metric) {
        let before = fingerprint(db).await;
        for case in json_cases(&route) {
            let what = format!("POST {} {}", route.path, case.name);
            let request = post(&route.path, case.content_type, case.body);
            judge(failures, what, case.expect, answer(request).await);
        }
        for path in &route.bad_paths {
            let what = format!("POST {path}");
            let request = post(path, JSON, route.body.to_string().into_bytes());
            judge(failures, what, Expect::Refused, answer(request).await);
        }
        compare(failures, &route.path, &before, &fingerprint(db).await);

        // A valid body under another content type may be stored or refused; either
        // way the server must not fail.
        let body = edited(&route.body, "/id", Some(json!("robustness-plain")));
        let request = post(&route.path, "text/plain", body.to_string().into_bytes());
        let what = format!("POST {} a valid body as text/plain", route.path);
        judge(
            failures,
            what,
            Expect::NotServerError,
            answer(request).await,
        );
    }
}

/// The event streams (`GET /api/v1/boards/{id}/events`, `/api/v1/boards/events`,
/// `/api/v1/metrics/events`):
/// a bad board or resume point is refused saying which, before any stream starts.
async fn following(admin: &TestApp, board: &str, failures: &mut Vec<String>) {
    let get = |path: String| {
        let request = admin.client.get(format!("{}{path}", admin.address));
        match &admin.session {
            Some(cookie) => request.header("cookie", cookie),
            None => request,
        }
    };
    for bad in Kind::Uuid.wrong_values() {
        let path = format!("/api/v1/boards/{}/events", urlencoding(bad));
        judge(
            failures,
            format!("GET {path}"),
            Expect::RefusedSaying,
            answer(get(path.clone())).await,
        );
    }
    let streams = [
        format!("/api/v1/boards/{board}/events"),
        "/api/v1/boards/events".to_owned(),
        "/api/v1/metrics/events".to_owned(),
    ];
    for bad in Kind::Integer.wrong_values().iter().chain(&["-1", ""]) {
        for stream in &streams {
            let path = format!("{stream}?after={}", urlencoding(bad));
            judge(
                failures,
                format!("GET {path}"),
                Expect::RefusedSaying,
                answer(get(path.clone())).await,
            );
        }
    }
}

fn urlencoding(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// The cases for one `/api/v1` route.
fn json_cases(route: &Route) -> Vec<Case> {
    let base = &route.body;
    let raw = |name: String, content_type: &'static str, body: Vec<u8>, expect: Expect| Case {
        name,
        content_type,
        body,
        expect,
    };
    let json_case = |name: String, body: &Value, expect: Expect| {
        raw(name, JSON, body.to_string().into_bytes(), expect)
    };

    let mut cases = vec![raw(
        "not JSON".into(),
        JSON,
        b"this is not json".to_vec(),
        Expect::Refused,
    )];
    for shape in [
        "[]",
        "42",
        "\"text\"",
        "null",
        "{}",
        r#"{"unexpected":true}"#,
    ] {
        let name = format!("the body {shape}");
        cases.push(raw(name, JSON, shape.as_bytes().to_vec(), Expect::Refused));
    }
    let mut beside = batch(route.batch, json!([base]));
    beside["other"] = json!([]);
    let shapes = [
        ("a batch that is no list", batch(route.batch, json!({}))),
        ("a batch of numbers", batch(route.batch, json!([1, 2]))),
        ("a batch beside another key", beside),
        (
            "an unknown field",
            edited(base, "/unexpected", Some(json!(1))),
        ),
    ];
    for (name, body) in shapes {
        cases.push(json_case(name.into(), &body, Expect::Refused));
    }

    for field in route.fields {
        let pointer = field.pointer;
        if field.required {
            let body = edited(base, pointer, None);
            cases.push(json_case(
                format!("without {pointer}"),
                &body,
                Expect::Refused,
            ));
        }
        for wrong in field.kind.wrong_values(field.required) {
            let name = format!("{pointer} = {wrong}");
            let body = edited(base, pointer, Some(wrong));
            cases.push(json_case(name, &body, Expect::Refused));
        }
        if field.kind == JsonKind::Number {
            let body = edited(base, pointer, Some(json!(HUGE_NUMBER)))
                .to_string()
                .replace(&format!("\"{HUGE_NUMBER}\""), "1e999");
            let name = format!("{pointer} = 1e999");
            cases.push(raw(name, JSON, body.into_bytes(), Expect::Refused));
        }
        if field.kind.is_string() {
            for length in [MACHINE_TEXT_MAX + 1, LONG] {
                let body = edited(base, pointer, Some(json!("x".repeat(length))));
                let name = format!("{pointer} of {length} characters");
                cases.push(json_case(name, &body, Expect::RefusedSaying));
            }
            for (control, text) in [("NUL", "a\u{0}b"), ("ESC", "\u{1b}[31ma")] {
                let body = edited(base, pointer, Some(json!(text)));
                let name = format!("{pointer} with {control}");
                cases.push(json_case(name, &body, Expect::RefusedSaying));
            }
        }
    }

    let good = edited(base, "/id", Some(json!("robustness-2")));
    let bad = edited(base, "/id", Some(json!("a\u{0}b")));
    let mixed = batch(route.batch, json!([good, bad]));
    cases.push(json_case(
        "a batch with one bad item".into(),
        &mixed,
        Expect::Refused,
    ));
    let huge = edited(base, "/id", Some(json!("x".repeat(1 << 20))));
    cases.push(json_case(
        "a body over 1 MiB".into(),
        &huge,
        Expect::TooLarge,
    ));
    cases.push(raw(
        "a form instead of JSON".into(),
        FORM,
        b"id=robustness-3&value=1".to_vec(),
        Expect::Refused,
    ));
    cases
}

/// `{"<key>": items}`.
fn batch(key: &str, items: Value) -> Value {
    let mut object = serde_json::Map::new();
    object.insert(key.to_owned(), items);
    Value::Object(object)
}

/// `body` with the value at `pointer` set (or added), or removed for `None`.
fn edited(body: &Value, pointer: &str, value: Option<Value>) -> Value {
    let mut body = body.clone();
    let (parent, key) = pointer.rsplit_once('/').expect("a JSON pointer");
    let object = body
        .pointer_mut(parent)
        .and_then(Value::as_object_mut)
        .expect("an object holds the field");
    match value {
        Some(value) => {
            object.insert(key.to_owned(), value);
        }
        None => {
            object.remove(key);
        }
    }
    body
}
