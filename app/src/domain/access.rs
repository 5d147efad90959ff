//! Who may do what: every authorization decision in the app goes through [`decide`],
//! so each rule lives in exactly one place.

use uuid::Uuid;

use super::board::BoardKind;
use super::labels::labelled_enum;

labelled_enum! {
    /// A user's role. Every signed-in user may read everything; the role says what
    /// they may change.
    Role, "role" {
        Admin => ("admin", "Admin"),
        Executive => ("executive", "Executive"),
        ProductManager => ("product_manager", "Product manager"),
        TeamMember => ("team_member", "Team member"),
        Viewer => ("viewer", "Viewer"),
    }
}

labelled_enum! {
    /// What an API token may be used for, on top of what its owner may do.
    Capability, "capability" {
        Read => ("read", "Read"),
        WriteItems => ("write_items", "Change items"),
        RecordTelemetry => ("record_telemetry", "Record telemetry"),
        Administer => ("administer", "Administer users and teams"),
    }
}

/// Something a request asks to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read any board, item, metric or report.
    Read,
    /// Create and change users, roles, teams and team membership.
    ManageUsers,
    /// Change the vision and its strategic themes.
    EditStrategy,
    /// Create, change and move epics.
    EditEpics,
    /// Define outcome metrics and their targets.
    EditMetrics,
    /// Record measurements, deployments and incidents.
    RecordTelemetry,
    /// Record measurements of one outcome metric (by hand or through the API).
    RecordMeasurement { metric: Uuid },
    /// Correct or delete a measurement of `metric`; `own`: the caller recorded it.
    CorrectMeasurement { metric: Uuid, own: bool },
    /// Record one team's deployments and incidents.
    RecordDelivery { team: Uuid },
    /// Create, change and move the features of one product (feature board).
    EditFeatures { product: Uuid },
    /// Create, change and move the work items and columns of one team.
    EditTeamWork { team: Uuid },
    /// Change one's own password and API tokens.
    ManageOwnAccount,
    /// Take every table out at once: accounts' password hashes included.
    ExportEverything,
    /// Bring work in from another tool's export, onto any board.
    ImportWork,
    /// Subscribe URLs to events and see their deliveries: of the whole workspace
    /// (`None`, admins) or of one team (its members too).
    ManageWebhooks { team: Option<Uuid> },
}

impl Action {
    /// What the action is, completing "you may not …".
    pub fn describe(self) -> &'static str {
        match self {
            Action::Read => "read the portfolio",
            Action::ManageUsers => "manage users and teams",
            Action::EditStrategy => "change the vision and strategic themes",
            Action::EditEpics => "change epics",
            Action::EditMetrics => "change outcome metrics",
            Action::RecordTelemetry => "record telemetry",
            Action::RecordMeasurement { .. } => "record this metric's measurements",
            Action::CorrectMeasurement { .. } => {
                "correct or delete a measurement someone else recorded"
            }
            Action::RecordDelivery { .. } => "record this team's deployments and incidents",
            Action::EditFeatures { .. } => "change this product's features",
            Action::EditTeamWork { .. } => "change this team's work",
            Action::ManageOwnAccount => "manage this account",
            Action::ExportEverything => "export the whole database",
            Action::ImportWork => "import work from other tools",
            Action::ManageWebhooks { team: None } => "manage the workspace's webhooks",
            Action::ManageWebhooks { team: Some(_) } => "manage this team's webhooks",
        }
    }

    /// The token capability an action needs.
    pub fn capability(self) -> Capability {
        match self {
            Action::Read => Capability::Read,
            Action::ManageUsers => Capability::Administer,
            Action::RecordTelemetry
            | Action::RecordMeasurement { .. }
            | Action::CorrectMeasurement { .. }
            | Action::RecordDelivery { .. } => Capability::RecordTelemetry,
            Action::EditStrategy
            | Action::EditEpics
            | Action::EditMetrics
            | Action::EditFeatures { .. }
            | Action::EditTeamWork { .. } => Capability::WriteItems,
            Action::ManageOwnAccount
            | Action::ExportEverything
            | Action::ImportWork
            | Action::ManageWebhooks { .. } => Capability::Administer,
        }
    }
}

/// The one making a request: a signed-in user, or a user's API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: Uuid,
    pub role: Role,
    /// Teams the user is a member of.
    pub teams: Vec<Uuid>,
    /// Products (feature boards) the user manages.
    pub products: Vec<Uuid>,
    /// `Some` when acting through an API token: what the token was granted.
    pub token_capabilities: Option<Vec<Capability>>,
    /// `Some` for a token that may only record the measurements of this metric.
    pub token_metric: Option<Uuid>,
    /// `Some` for a token that may only record these teams' deployments and
    /// incidents.
    pub token_teams: Option<Vec<Uuid>>,
}

impl Principal {
    /// An anonymous visitor allowed to read (a demo installation's guests): a viewer
    /// that is no user and can do nothing but read.
    pub fn guest() -> Principal {
        Principal {
            user_id: Uuid::nil(),
            role: Role::Viewer,
            teams: Vec::new(),
            products: Vec::new(),
            token_capabilities: Some(vec![Capability::Read]),
            token_metric: None,
            token_teams: None,
        }
    }

    pub fn is_guest(&self) -> bool {
        self.user_id.is_nil()
    }
}

/// What changing a board needs (its cards, columns and limits): the portfolio is
/// the strategists', a feature board its product's (the board's id names the
/// product), a team board its team's. `None` for a team board without a team.
pub fn edit_board(kind: BoardKind, board: Uuid, team: Option<Uuid>) -> Option<Action> {
    match (kind, team) {
        (BoardKind::Portfolio, _) => Some(Action::EditEpics),
        (BoardKind::Feature, _) => Some(Action::EditFeatures { product: board }),
        (BoardKind::Team, Some(team)) => Some(Action::EditTeamWork { team }),
        (BoardKind::Team, None) => None,
    }
}

/// What reshaping a board's columns needs: a team board is its team's to shape;
/// the portfolio and feature kanbans follow a fixed process (`None`).
pub fn reshape_board(kind: BoardKind, team: Option<Uuid>) -> Option<Action> {
    match (kind, team) {
        (BoardKind::Team, Some(team)) => Some(Action::EditTeamWork { team }),
        _ => None,
    }
}

/// Where a user lands after signing in: executives on the dashboard (is strategy
/// moving?), everyone else on the portfolio kanban.
pub fn landing_page(role: Role) -> &'static str {
    match role {
        Role::Executive => "/dashboard",
        _ => "/",
    }
}

/// What a new API token may do: its capabilities, for the whole workspace, or
/// narrowed to one metric (its measurements only) or to some teams (their
/// deployments and incidents only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenGrant {
    pub capabilities: Vec<Capability>,
    pub metric: Option<Uuid>,
    pub teams: Vec<Uuid>,
}

impl TokenGrant {
    /// Whether a token may be created with this grant; why not, in a sentence.
    pub fn check(&self) -> Result<(), String> {
        let records_only = self.capabilities == [Capability::RecordTelemetry];
        if self.capabilities.is_empty() {
            return Err("choose at least one capability for the token".into());
        }
        if self.metric.is_some() && !self.teams.is_empty() {
            return Err("a token is for one metric or for some teams, not both".into());
        }
        if self.metric.is_some() && !records_only {
            return Err(format!(
                "a token for one metric can only record its measurements: tick only “{}”",
                Capability::RecordTelemetry.label()
            ));
        }
        if !self.teams.is_empty() && !records_only {
            return Err(format!(
                "a token for some teams can only record their deployments and incidents: tick only “{}”",
                Capability::RecordTelemetry.label()
            ));
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allowed,
    /// Nobody is signed in (HTTP 401).
    SignInRequired,
    /// Signed in, but not allowed (HTTP 403).
    Forbidden,
}

/// Whether `principal` may perform `action`.
pub fn decide(principal: Option<&Principal>, action: Action) -> Decision {
    let Some(principal) = principal else {
        return Decision::SignInRequired;
    };
    if principal.is_guest() && action != Action::Read {
        return Decision::SignInRequired;
    }
    if let Some(metric) = principal.token_metric {
        if action != (Action::RecordMeasurement { metric }) {
            return Decision::Forbidden;
        }
    }
    if let Some(teams) = &principal.token_teams {
        let within = match action {
            Action::RecordTelemetry => true,
            Action::RecordDelivery { team } => teams.contains(&team),
            _ => false,
        };
        if !within {
            return Decision::Forbidden;
        }
    }
    if let Some(granted) = &principal.token_capabilities {
        if !granted.contains(&action.capability()) {
            return Decision::Forbidden;
        }
    }
    if role_permits(principal, action) {
        Decision::Allowed
    } else {
        Decision::Forbidden
    }
}

fn role_permits(principal: &Principal, action: Action) -> bool {
    use Action::*;
    match (principal.role, action) {
        (_, Read | ManageOwnAccount) => true,
        (Role::Admin, _) => true,
        (
            Role::Executive,
            EditStrategy
            | EditEpics
            | EditMetrics
            | RecordTelemetry
            | RecordMeasurement { .. }
            | CorrectMeasurement { .. }
            | RecordDelivery { .. },
        ) => true,
        (Role::ProductManager, EditFeatures { product }) => principal.products.contains(&product),
        (Role::TeamMember, EditTeamWork { team }) => principal.teams.contains(&team),
        (Role::TeamMember, ManageWebhooks { team: Some(team) }) => principal.teams.contains(&team),
        (Role::TeamMember, RecordTelemetry | RecordMeasurement { .. } | RecordDelivery { .. }) => {
            true
        }
        // Who recorded a measurement may correct it; executives any (above).
        (Role::TeamMember, CorrectMeasurement { own, .. }) => own,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Decision::{Allowed, Forbidden, SignInRequired};

    const MY_TEAM: Uuid = Uuid::from_u128(1);
    const OTHER_TEAM: Uuid = Uuid::from_u128(2);
    const MY_PRODUCT: Uuid = Uuid::from_u128(3);
    const OTHER_PRODUCT: Uuid = Uuid::from_u128(4);

    fn user(role: Role) -> Principal {
        Principal {
            user_id: Uuid::from_u128(99),
            role,
            teams: vec![MY_TEAM],
            products: vec![MY_PRODUCT],
            token_capabilities: None,
            token_metric: None,
            token_teams: None,
        }
    }

    const MY_METRIC: Uuid = Uuid::from_u128(5);

    const ACTIONS: [Action; 20] = [
        Action::Read,
        Action::ManageUsers,
        Action::EditStrategy,
        Action::EditEpics,
        Action::EditMetrics,
        Action::RecordTelemetry,
        Action::RecordMeasurement { metric: MY_METRIC },
        Action::EditFeatures {
            product: MY_PRODUCT,
        },
        Action::EditFeatures {
            product: OTHER_PRODUCT,
        },
        Action::EditTeamWork { team: MY_TEAM },
        Action::EditTeamWork { team: OTHER_TEAM },
        Action::ManageOwnAccount,
        Action::RecordDelivery { team: OTHER_TEAM },
        Action::CorrectMeasurement {
            metric: MY_METRIC,
            own: true,
        },
        Action::CorrectMeasurement {
            metric: MY_METRIC,
            own: false,
        },
        Action::ExportEverything,
        Action::ImportWork,
        Action::ManageWebhooks { team: None },
        Action::ManageWebhooks {
            team: Some(MY_TEAM),
        },
        Action::ManageWebhooks {
            team: Some(OTHER_TEAM),
        },
    ];

    /// One row per role, one column per entry of `ACTIONS`: A allowed, F forbidden.
    const MATRIX: [(Role, &str); 5] = [
        (Role::Admin, "AAAAAAAAAAAAAAAAAAAA"),
        (Role::Executive, "AFAAAAAFFFFAAAAFFFFF"),
        (Role::ProductManager, "AFFFFFFAFFFAFFFFFFFF"),
        (Role::TeamMember, "AFFFFAAFFAFAAAFFFFAF"),
        (Role::Viewer, "AFFFFFFFFFFAFFFFFFFF"),
    ];

    #[test]
    fn every_role_against_every_action() {
        for (role, row) in MATRIX {
            for (action, expected) in ACTIONS.iter().zip(row.chars()) {
                let expected = if expected == 'A' { Allowed } else { Forbidden };
                assert_eq!(
                    decide(Some(&user(role)), *action),
                    expected,
                    "{role:?} {action:?}"
                );
            }
        }
    }

    #[test]
    fn nobody_signed_in_must_sign_in_for_anything() {
        for action in ACTIONS {
            assert_eq!(decide(None, action), SignInRequired, "{action:?}");
        }
    }

    #[test]
    fn a_guest_may_read_and_must_sign_in_for_anything_else() {
        for action in ACTIONS {
            let expected = if action == Action::Read {
                Allowed
            } else {
                SignInRequired
            };
            assert_eq!(
                decide(Some(&Principal::guest()), action),
                expected,
                "{action:?}"
            );
        }
    }

    #[test]
    fn a_token_can_do_no_more_than_its_owner_nor_than_it_was_granted() {
        let mut token = user(Role::TeamMember);
        token.token_capabilities = Some(vec![Capability::Read, Capability::RecordTelemetry]);
        assert_eq!(decide(Some(&token), Action::Read), Allowed);
        assert_eq!(decide(Some(&token), Action::RecordTelemetry), Allowed);
        assert_eq!(
            decide(Some(&token), Action::EditTeamWork { team: MY_TEAM }),
            Forbidden,
            "not granted"
        );
        token.token_capabilities = Some(Capability::ALL.to_vec());
        assert_eq!(
            decide(Some(&token), Action::ManageUsers),
            Forbidden,
            "owner may not"
        );
        assert_eq!(
            decide(Some(&token), Action::ManageOwnAccount),
            Allowed,
            "administer capability"
        );
    }

    #[test]
    fn a_token_for_one_metric_records_that_metric_and_does_nothing_else() {
        let mut token = user(Role::TeamMember);
        token.token_capabilities = Some(vec![Capability::RecordTelemetry]);
        token.token_metric = Some(MY_METRIC);
        assert_eq!(
            decide(
                Some(&token),
                Action::RecordMeasurement { metric: MY_METRIC }
            ),
            Allowed
        );
        let other = Uuid::from_u128(6);
        for action in [
            Action::RecordMeasurement { metric: other },
            Action::RecordTelemetry,
            Action::Read,
        ] {
            assert_eq!(decide(Some(&token), action), Forbidden, "{action:?}");
        }
        let mut viewer = user(Role::Viewer);
        viewer.token_capabilities = Some(vec![Capability::RecordTelemetry]);
        viewer.token_metric = Some(MY_METRIC);
        assert_eq!(
            decide(
                Some(&viewer),
                Action::RecordMeasurement { metric: MY_METRIC }
            ),
            Forbidden,
            "never more than its owner"
        );
    }

    #[test]
    fn a_token_grant_needs_a_capability_and_a_narrowed_token_only_records() {
        use Capability::{Administer, Read, RecordTelemetry, WriteItems};
        let grant = |capabilities: &[Capability], metric: bool, teams: bool| TokenGrant {
            capabilities: capabilities.to_vec(),
            metric: metric.then_some(MY_METRIC),
            teams: if teams { vec![MY_TEAM] } else { Vec::new() },
        };
        let cases = [
            (grant(&[], false, false), false),
            (grant(&[], true, false), false),
            (grant(&[Read, WriteItems], false, false), true),
            (grant(&[RecordTelemetry], true, false), true),
            (grant(&[RecordTelemetry, Read], true, false), false),
            (grant(&[Administer], true, false), false),
            (grant(&[RecordTelemetry], false, true), true),
            (grant(&[RecordTelemetry], true, true), false),
            (grant(&[RecordTelemetry, WriteItems], false, true), false),
            (grant(&[], false, true), false),
        ];
        for (grant, ok) in cases {
            assert_eq!(grant.check().is_ok(), ok, "{grant:?}");
        }
    }

    #[test]
    fn a_team_token_records_only_its_teams_deliveries() {
        let mut member = user(Role::TeamMember);
        member.token_capabilities = Some(vec![Capability::RecordTelemetry]);
        member.token_teams = Some(vec![MY_TEAM]);
        let cases = [
            (Action::RecordTelemetry, Allowed),
            (Action::RecordDelivery { team: MY_TEAM }, Allowed),
            (Action::RecordDelivery { team: OTHER_TEAM }, Forbidden),
            (Action::RecordMeasurement { metric: MY_METRIC }, Forbidden),
            (Action::EditTeamWork { team: MY_TEAM }, Forbidden),
            (Action::Read, Forbidden),
        ];
        for (action, expected) in cases {
            assert_eq!(decide(Some(&member), action), expected, "{action:?}");
        }
    }

    #[test]
    fn each_kind_of_board_is_changed_by_its_own_people() {
        let board = Uuid::from_u128(7);
        let cases = [
            (BoardKind::Portfolio, None, Some(Action::EditEpics)),
            (
                BoardKind::Feature,
                None,
                Some(Action::EditFeatures { product: board }),
            ),
            (
                BoardKind::Team,
                Some(MY_TEAM),
                Some(Action::EditTeamWork { team: MY_TEAM }),
            ),
            (BoardKind::Team, None, None),
        ];
        for (kind, team, expected) in cases {
            assert_eq!(edit_board(kind, board, team), expected, "{kind:?}");
        }
    }

    #[test]
    fn only_a_team_board_is_reshaped_and_only_by_its_team() {
        let cases = [
            (BoardKind::Portfolio, None, None),
            (BoardKind::Feature, None, None),
            (
                BoardKind::Team,
                Some(MY_TEAM),
                Some(Action::EditTeamWork { team: MY_TEAM }),
            ),
            (BoardKind::Team, None, None),
        ];
        for (kind, team, expected) in cases {
            assert_eq!(reshape_board(kind, team), expected, "{kind:?}");
        }
    }

    #[test]
    fn executives_land_on_the_dashboard_everyone_else_on_the_portfolio() {
        for role in Role::ALL {
            let expected = if *role == Role::Executive {
                "/dashboard"
            } else {
                "/"
            };
            assert_eq!(landing_page(*role), expected, "{role:?}");
        }
    }
}
