//! Who may do what: every authorization decision in the app goes through [`decide`],
//! so each rule lives in exactly one place.

use uuid::Uuid;

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
    /// Create, change and move the features of one product (feature board).
    EditFeatures { product: Uuid },
    /// Create, change and move the work items and columns of one team.
    EditTeamWork { team: Uuid },
    /// Change one's own password and API tokens.
    ManageOwnAccount,
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
            Action::EditFeatures { .. } => "change this product's features",
            Action::EditTeamWork { .. } => "change this team's work",
            Action::ManageOwnAccount => "manage this account",
        }
    }

    /// The token capability an action needs.
    pub fn capability(self) -> Capability {
        match self {
            Action::Read => Capability::Read,
            Action::ManageUsers => Capability::Administer,
            Action::RecordTelemetry => Capability::RecordTelemetry,
            Action::EditStrategy
            | Action::EditEpics
            | Action::EditMetrics
            | Action::EditFeatures { .. }
            | Action::EditTeamWork { .. } => Capability::WriteItems,
            Action::ManageOwnAccount => Capability::Administer,
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
        }
    }

    pub fn is_guest(&self) -> bool {
        self.user_id.is_nil()
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
        (Role::Executive, EditStrategy | EditEpics | EditMetrics | RecordTelemetry) => true,
        (Role::ProductManager, EditFeatures { product }) => principal.products.contains(&product),
        (Role::TeamMember, EditTeamWork { team }) => principal.teams.contains(&team),
        (Role::TeamMember, RecordTelemetry) => true,
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
        }
    }

    const ACTIONS: [Action; 11] = [
        Action::Read,
        Action::ManageUsers,
        Action::EditStrategy,
        Action::EditEpics,
        Action::EditMetrics,
        Action::RecordTelemetry,
        Action::EditFeatures {
            product: MY_PRODUCT,
        },
        Action::EditFeatures {
            product: OTHER_PRODUCT,
        },
        Action::EditTeamWork { team: MY_TEAM },
        Action::EditTeamWork { team: OTHER_TEAM },
        Action::ManageOwnAccount,
    ];

    /// One row per role, one column per entry of `ACTIONS`: A allowed, F forbidden.
    const MATRIX: [(Role, &str); 5] = [
        (Role::Admin, "AAAAAAAAAAA"),
        (Role::Executive, "AFAAAAFFFFA"),
        (Role::ProductManager, "AFFFFFAFFFA"),
        (Role::TeamMember, "AFFFFAFFAFA"),
        (Role::Viewer, "AFFFFFFFFFA"),
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
}
