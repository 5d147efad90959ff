//! The authorization matrix: every server function against every kind of caller,
//! from one table. A server function the table does not list fails the test, so a
//! new endpoint cannot ship without a decision on who may call it.

use crate::helpers::{card, email_of, PlannedBoard, TestApp, World, BUILT_PASSWORD, SOFTWARE_CARD};

/// Who may call a server function.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Allowed {
    /// Anyone, signed in or not.
    Anyone,
    /// Every signed-in role.
    SignedIn,
    /// Admins only.
    Admins,
    /// Admins and members of the Software team (the card in `{item}` is theirs).
    SoftwareTeam,
    /// Admins and executives: the vision, themes and epics.
    Strategists,
    /// Admins and the product's manager (`{product}` is Paul's).
    ProductManager,
    /// Admins, executives and the Software team: who records measurements, and who
    /// may link the Software team's card in `{item_ref}` to a metric.
    StrategistsAndSoftwareTeam,
}

/// A server function's form arguments.
type Arguments = &'static [(&'static str, &'static str)];

/// (function, its arguments, who may call it). Arguments are chosen so an allowed
/// call succeeds (or fails for a reason other than authorization).
const MATRIX: &[(&str, Arguments, Allowed)] = &[
    ("current_user", &[], Allowed::Anyone),
    ("navigation", &[], Allowed::Anyone),
    (
        "sign_in",
        &[("email", "{viewer_email}"), ("password", BUILT_PASSWORD)],
        Allowed::Anyone,
    ),
    ("sign_out", &[], Allowed::Anyone),
    (
        "create_first_admin",
        &[
            ("email", "x@example.com"),
            ("display_name", "X"),
            ("password", "long enough pw"),
        ],
        Allowed::Anyone,
    ),
    (
        "change_password",
        &[
            ("current_password", BUILT_PASSWORD),
            ("new_password", BUILT_PASSWORD),
        ],
        Allowed::SignedIn,
    ),
    ("choose_theme", &[("theme", "dark")], Allowed::SignedIn),
    ("my_work", &[], Allowed::SignedIn),
    ("portfolio_board", &[], Allowed::SignedIn),
    (
        "team_board",
        &[("team_id", "00000000-0000-0000-0000-000000000000")],
        Allowed::SignedIn,
    ),
    ("team_directory", &[], Allowed::SignedIn),
    ("strategy_tree", &[], Allowed::SignedIn),
    ("roadmap", &[], Allowed::SignedIn),
    ("dependency_map", &[], Allowed::SignedIn),
    ("api_tokens", &[], Allowed::SignedIn),
    (
        "create_api_token",
        &[("name", "matrix"), ("read", "on")],
        Allowed::SignedIn,
    ),
    (
        "revoke_api_token",
        &[("id", "00000000-0000-0000-0000-000000000000")],
        Allowed::SignedIn,
    ),
    ("webhooks", &[], Allowed::SoftwareTeam),
    (
        "create_webhook",
        &[
            ("url", "http://127.0.0.1:9/matrix"),
            ("events[0]", "item.created"),
            ("team_id", "{team}"),
        ],
        Allowed::SoftwareTeam,
    ),
    (
        "webhook",
        &[("id", "00000000-0000-0000-0000-000000000000")],
        Allowed::SignedIn,
    ),
    (
        "delete_webhook",
        &[("id", "00000000-0000-0000-0000-000000000000")],
        Allowed::SignedIn,
    ),
    (
        "redeliver_webhook",
        &[
            ("subscription_id", "00000000-0000-0000-0000-000000000000"),
            ("delivery_id", "00000000-0000-0000-0000-000000000000"),
        ],
        Allowed::SignedIn,
    ),
    ("import_desk", &[], Allowed::Admins),
    (
        "import_preview",
        &[("upload_id", "00000000-0000-0000-0000-000000000000")],
        Allowed::Admins,
    ),
    (
        "map_import_statuses",
        &[
            ("upload_id", "00000000-0000-0000-0000-000000000000"),
            ("statuses[0]", "Done"),
            ("columns[0]", "Done"),
        ],
        Allowed::Admins,
    ),
    (
        "start_import",
        &[("upload_id", "00000000-0000-0000-0000-000000000000")],
        Allowed::Admins,
    ),
    (
        "discard_import",
        &[("upload_id", "00000000-0000-0000-0000-000000000000")],
        Allowed::Admins,
    ),
    ("user_directory", &[], Allowed::Admins),
    ("activity_feed", &[], Allowed::Admins),
    (
        "create_board",
        &[("kind", "product"), ("name", "Matrix product")],
        Allowed::Admins,
    ),
    (
        "item_detail",
        &[("kind", "work_item"), ("item_id", "{item}")],
        Allowed::SignedIn,
    ),
    (
        "product_board",
        &[("product_id", "{product}")],
        Allowed::SignedIn,
    ),
    (
        "move_item",
        &[
            ("kind", "work_item"),
            ("item_id", "{item}"),
            ("to_column_id", "{column}"),
            ("version", "{version}"),
        ],
        Allowed::SoftwareTeam,
    ),
    // A stale version: allowed callers get 409, so nothing is changed or deleted.
    (
        "delete_item",
        &[("kind", "epic"), ("item_id", "{epic}"), ("version", "0")],
        Allowed::Strategists,
    ),
    (
        "create_epic",
        &[("epic[title]", "Matrix")],
        Allowed::Strategists,
    ),
    (
        "update_epic",
        &[
            ("epic_id", "{epic}"),
            ("version", "0"),
            ("epic[title]", "M"),
        ],
        Allowed::Strategists,
    ),
    (
        "save_vision",
        &[
            ("vision_id", "{vision}"),
            ("version", "0"),
            ("vision[title]", "M"),
        ],
        Allowed::Strategists,
    ),
    (
        "save_theme",
        &[("vision_id", "{vision}"), ("theme[title]", "Matrix theme")],
        Allowed::Strategists,
    ),
    (
        "create_feature",
        &[("product_id", "{product}"), ("feature[title]", "Matrix")],
        Allowed::ProductManager,
    ),
    (
        "update_feature",
        &[
            ("feature_id", "{feature}"),
            ("version", "0"),
            ("feature[title]", "M"),
        ],
        Allowed::ProductManager,
    ),
    (
        "create_work_item",
        &[("team_id", "{team}"), ("item[title]", "Matrix")],
        Allowed::SoftwareTeam,
    ),
    (
        "add_card",
        &[
            ("board_id", "{team_board}"),
            ("column_id", "{column}"),
            ("title", "Matrix"),
        ],
        Allowed::SoftwareTeam,
    ),
    (
        "add_column",
        &[
            ("team_id", "{team}"),
            ("column[name]", "Matrix"),
            ("column[category]", "started"),
            ("column[activity]", "active"),
        ],
        Allowed::SoftwareTeam,
    ),
    (
        "update_column",
        &[
            ("column_id", "{column}"),
            ("version", "0"),
            ("column[name]", "Matrix"),
        ],
        Allowed::SoftwareTeam,
    ),
    // Allowed callers get 400 (no such direction), so the board keeps its order.
    (
        "move_column",
        &[("column_id", "{column}"), ("direction", "up")],
        Allowed::SoftwareTeam,
    ),
    // Review holds cards, so allowed callers get 409 and it stays.
    (
        "remove_column",
        &[("column_id", "{column}")],
        Allowed::SoftwareTeam,
    ),
    (
        "wip_settings",
        &[("board_id", "{team_board}")],
        Allowed::SignedIn,
    ),
    ("wip_report", &[], Allowed::SignedIn),
    ("metric_directory", &[], Allowed::SignedIn),
    (
        "create_metric",
        &[
            ("metric[name]", "Matrix"),
            ("metric[direction]", "increase"),
            ("metric[baseline]", "1"),
            ("metric[baseline_date]", "2026-01-01"),
            ("metric[target]", "2"),
            ("metric[target_date]", "2027-01-01"),
        ],
        Allowed::Strategists,
    ),
    (
        "update_metric",
        &[
            ("metric_id", "00000000-0000-0000-0000-000000000000"),
            ("version", "1"),
            ("metric[name]", "Matrix"),
            ("metric[direction]", "increase"),
            ("metric[baseline]", "1"),
            ("metric[baseline_date]", "2026-01-01"),
            ("metric[target]", "2"),
            ("metric[target_date]", "2027-01-01"),
        ],
        Allowed::Strategists,
    ),
    (
        "metric_measurements",
        &[("metric_id", "00000000-0000-0000-0000-000000000000")],
        Allowed::SignedIn,
    ),
    (
        "metric_page",
        &[("metric_id", "{metric}")],
        Allowed::SignedIn,
    ),
    // Not a number: allowed callers get 400 and nothing is stored.
    (
        "record_measurement",
        &[("metric_id", "{metric}"), ("measurement[value]", "ten")],
        Allowed::StrategistsAndSoftwareTeam,
    ),
    // No such measurement: allowed callers get 404, nothing changes.
    (
        "correct_measurement",
        &[
            ("metric_id", "{metric}"),
            ("measurement_id", "00000000-0000-0000-0000-000000000000"),
            ("measurement[value]", "10"),
        ],
        Allowed::StrategistsAndSoftwareTeam,
    ),
    (
        "delete_measurement",
        &[
            ("metric_id", "{metric}"),
            ("measurement_id", "00000000-0000-0000-0000-000000000000"),
        ],
        Allowed::StrategistsAndSoftwareTeam,
    ),
    (
        "link_metric",
        &[("metric_id", "{metric}"), ("item", "{item_ref}")],
        Allowed::StrategistsAndSoftwareTeam,
    ),
    (
        "unlink_metric",
        &[("metric_id", "{metric}"), ("item", "{item_ref}")],
        Allowed::StrategistsAndSoftwareTeam,
    ),
    // The card waiting on itself: allowed callers get 400, nothing is stored.
    (
        "add_dependency",
        &[("item_id", "{item}"), ("dependency[upstream_id]", "{item}")],
        Allowed::SoftwareTeam,
    ),
    (
        "remove_dependency",
        &[
            ("item_id", "{item}"),
            ("dependency_id", "00000000-0000-0000-0000-000000000000"),
        ],
        Allowed::SoftwareTeam,
    ),
    ("executive_dashboard", &[], Allowed::SignedIn),
    (
        "board_metrics",
        &[("board_id", "{team_board}")],
        Allowed::SignedIn,
    ),
    ("team_delivery", &[("team_id", "{team}")], Allowed::SignedIn),
    // A new soft limit on a person adds nothing over: harmless to repeat.
    (
        "save_wip_limit",
        &[
            ("board_id", "{team_board}"),
            ("limit[kind]", "person"),
            ("limit[person]", "Matrix"),
            ("limit[max]", "5"),
            ("limit[enforcement]", "soft"),
        ],
        Allowed::SoftwareTeam,
    ),
    (
        "remove_wip_limit",
        &[
            ("board_id", "{team_board}"),
            ("limit_id", "00000000-0000-0000-0000-000000000000"),
        ],
        Allowed::SoftwareTeam,
    ),
    (
        "set_wip_measure",
        &[("board_id", "{team_board}"), ("measure", "bogus")],
        Allowed::SoftwareTeam,
    ),
    (
        "update_work_item",
        &[
            ("item_id", "{item}"),
            ("version", "0"),
            ("item[title]", "M"),
        ],
        Allowed::SoftwareTeam,
    ),
    (
        "create_user",
        &[
            ("email", "new@example.com"),
            ("display_name", "New"),
            ("role", "viewer"),
            ("password", "long enough pw"),
        ],
        Allowed::Admins,
    ),
    (
        "set_user_role",
        &[
            ("user_id", "00000000-0000-0000-0000-000000000000"),
            ("role", "viewer"),
            ("version", "1"),
        ],
        Allowed::Admins,
    ),
    (
        "set_assignment",
        &[
            ("user_id", "00000000-0000-0000-0000-000000000000"),
            ("kind", "team"),
            ("target_id", "00000000-0000-0000-0000-000000000000"),
            ("held", "true"),
        ],
        Allowed::Admins,
    ),
];

/// An admin of the matrix's own, not Ada Admin: calls as the caller (changing the
/// password) end the caller's other sessions, and Ada's client reads the
/// placeholders throughout.
const ADMIN: &str = "Ari Admin";
/// An executive.
const ERIN: &str = "Erin Executive";
/// The manager of the product in `{product}`.
const PAUL: &str = "Paul Product";
/// A member of the Software team.
const TINA: &str = "Tina Software";
/// A viewer.
const VIC: &str = "Vic Viewer";

/// Anonymous, then one person per role, by name.
const CALLERS: [Option<&str>; 6] = [
    None,
    Some(ADMIN),
    Some(ERIN),
    Some(PAUL),
    Some(TINA),
    Some(VIC),
];

/// The card in `{item}`, on the Software team's board.

#[test]
fn every_server_function_is_in_the_matrix() {
    let mut registered: Vec<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.trim_start_matches("/api/").to_owned())
        .collect();
    registered.sort();
    let mut listed: Vec<String> = MATRIX.iter().map(|(name, ..)| name.to_string()).collect();
    listed.sort();
    assert_eq!(registered, listed, "add every server function to MATRIX");
}

#[tokio::test]
async fn every_caller_against_every_server_function() {
    let targets = Targets::build().await;
    for (function, args, allowed) in MATRIX {
        for caller in CALLERS {
            let client = match caller {
                Some(name) => targets.signed_in(name).await,
                None => targets.world.visitor(),
            };
            let args = targets.with_placeholders(args).await;
            let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let status = client.call(function, &args).await.status().as_u16();
            let permitted = match allowed {
                Allowed::Anyone => true,
                Allowed::SignedIn => caller.is_some(),
                Allowed::Admins => caller == Some(ADMIN),
                Allowed::SoftwareTeam => matches!(caller, Some(ADMIN) | Some(TINA)),
                Allowed::Strategists => matches!(caller, Some(ADMIN) | Some(ERIN)),
                Allowed::ProductManager => matches!(caller, Some(ADMIN) | Some(PAUL)),
                Allowed::StrategistsAndSoftwareTeam => {
                    matches!(caller, Some(ADMIN) | Some(ERIN) | Some(TINA))
                }
            };
            let expected_refusal = if caller.is_some() { 403 } else { 401 };
            if permitted {
                assert!(
                    status != 401 && status != 403,
                    "{function} as {caller:?} was refused with {status}"
                );
            } else {
                assert_eq!(status, expected_refusal, "{function} as {caller:?}");
            }
        }
    }
}

#[tokio::test]
async fn a_revoked_token_is_refused_everywhere_but_the_public_functions() {
    let targets = Targets::build().await;
    let app = targets.signed_in(VIC).await;
    let (token, id) = app.create_token("revoked", &["read", "administer"]).await;
    assert_eq!(
        app.call("revoke_api_token", &[("id", &id)]).await.status(),
        200
    );

    for (function, args, _) in MATRIX {
        let args = targets.with_placeholders(args).await;
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let status = app.call_with_token(&token, function, &args).await.status();
        assert_eq!(status, 401, "{function} with a revoked token");
    }
}

/// What the matrix's calls act on, built for it, and one person for each caller.
struct Targets {
    /// Ada Admin's client reads the cards' current versions.
    world: World,
    planned: PlannedBoard,
}

impl Targets {
    async fn build() -> Targets {
        let world = World::new().await;
        let planned = world.planned_board().await;
        world.account(ADMIN, "admin").await;
        world.account(ERIN, "executive").await;
        world.product_manager(&planned.chain.product, PAUL).await;
        world.member(&planned.software, TINA).await;
        world.account(VIC, "viewer").await;
        Targets { world, planned }
    }

    /// A new client signed in as `name`, one of the [`CALLERS`].
    async fn signed_in(&self, name: &str) -> TestApp {
        let mut client = self.world.visitor();
        client.sign_in(&email_of(name), BUILT_PASSWORD).await;
        client
    }

    /// The arguments with `{item}`, `{column}` and `{version}` replaced by
    /// [`SOFTWARE_CARD`] as it is now, its board's "Review" column and its current
    /// version (and `{item_ref}` by that card as `work_item:<id>`); `{epic}`,
    /// `{feature}`, `{product}`, `{team}`, `{team_board}`, `{vision}` and
    /// `{metric}` by the items built for the matrix, and `{viewer_email}` by the
    /// viewer's email.
    async fn with_placeholders(&self, args: Arguments) -> Vec<(&'static str, String)> {
        let software = card(&self.world.admin, "Software", SOFTWARE_CARD).await;
        args.iter()
            .map(|(name, value)| {
                let value = match *value {
                    "{item}" => software.item_id.clone(),
                    "{column}" => software.column_id("Review"),
                    "{version}" => software.version.clone(),
                    "{epic}" => self.planned.chain.epic.clone(),
                    "{feature}" => self.planned.chain.feature.clone(),
                    "{product}" => self.planned.chain.product.clone(),
                    "{team}" => self.planned.software.id.clone(),
                    "{vision}" => self.planned.chain.vision.clone(),
                    "{metric}" => self.planned.metric.clone(),
                    "{item_ref}" => format!("work_item:{}", software.item_id),
                    "{team_board}" => self.planned.software.board_id.clone(),
                    "{viewer_email}" => email_of(VIC),
                    other => other.to_owned(),
                };
                (*name, value)
            })
            .collect()
    }
}
