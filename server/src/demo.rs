//! The demo portfolio: the heavy-lift drone company of the digital-factory story.
//! Loaded into an empty database so a first run shows a living portfolio.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait,
};
use uuid::Uuid;

use app::domain::access::Role;
use app::domain::account::{Email, Password};
use app::domain::board::BoardKind;
use app::domain::hierarchy::{ClassOfService, ItemKind, WorkItemType};
use app::domain::outcome::Direction;
use app::entities::{
    dependency, epic_case, item, item_metric_link, measurement, outcome_metric, product_manager,
    strategic_theme, team, transition, vision,
};
use app::error::AppError;
use app::store::setup;
use app::store::users::{self, NewUser};

/// The demo's measurements come monthly.
const MONTH_DAYS: i64 = 30;

/// Who the demo's history is recorded as.
pub(crate) const DEMO_ACTOR: &str = "demo";

/// WSJF inputs: business value, time criticality, risk reduction, job size.
type Wsjf = [i16; 4];

struct DemoEpic {
    title: &'static str,
    owner: &'static str,
    column: usize,
    wsjf: Wsjf,
    case: DemoCase,
}

/// An epic's hypothesis statement ("For … who … the … is a … that … Unlike …
/// our solution …") and what would show it true.
struct DemoCase {
    for_whom: &'static str,
    who: &'static str,
    the: &'static str,
    is_a: &'static str,
    that: &'static str,
    unlike: &'static str,
    our_solution: &'static str,
    business_outcome: &'static str,
    leading_indicators: &'static str,
    nonfunctional_requirements: &'static str,
}

const EPICS: [DemoEpic; 6] = [
    DemoEpic {
        title: "A drone that carries heavy weights",
        owner: "Maria Svensson",
        column: 4,
        wsjf: [20, 13, 8, 13],
        case: DemoCase {
            for_whom: "logistics and construction firms",
            who: "move loads of 20 to 40 kg across sites a truck cannot reach quickly",
            the: "heavy-lift drone",
            is_a: "battery-electric cargo drone",
            that: "carries 40 kg for 20 km on one charge",
            unlike: "today's drones, which stop at 15 kg",
            our_solution: "lifts what a crew of two would otherwise carry",
            business_outcome: "Heavy-lift drones make up 30 % of unit sales within a year of launch.",
            leading_indicators: "Maximum payload in the standard test flight; flight time at full payload; pilot customers signed.",
            nonfunctional_requirements: "Certified for flight over people; 30 minutes' flight at full payload; battery swap under 2 minutes.",
        },
    },
    DemoEpic {
        title: "Fleet telemetry for customers",
        owner: "Ken Adams",
        column: 2,
        wsjf: [13, 8, 5, 8],
        case: DemoCase {
            for_whom: "fleet operators",
            who: "need to know where every drone is and when it needs service",
            the: "fleet telemetry service",
            is_a: "live dashboard and API",
            that: "reports position, battery health and faults from every drone",
            unlike: "monthly service reports by e-mail",
            our_solution: "warns before a failure grounds a drone",
            business_outcome: "Fleet customers renew at 95 % and onboard in under 10 days.",
            leading_indicators: "Time to onboard a customer fleet; share of drones reporting daily.",
            nonfunctional_requirements: "Data within 5 s of the flight; 99.9 % availability; customer data kept in their region.",
        },
    },
    DemoEpic {
        title: "Certification for urban airspace",
        owner: "Aisha Khan",
        column: 1,
        wsjf: [8, 13, 13, 20],
        case: DemoCase {
            for_whom: "city delivery operators",
            who: "may only fly certified drones over built-up areas",
            the: "urban certification programme",
            is_a: "type certificate and operations manual",
            that: "lets our drones fly beyond line of sight in cities",
            unlike: "competitors limited to rural routes",
            our_solution: "opens the urban market to our customers first",
            business_outcome: "Certified in two EU states before the end of next year.",
            leading_indicators: "Audit findings closed; test flight hours logged over populated areas.",
            nonfunctional_requirements: "Parachute recovery system; remote identification; noise below 65 dB at 50 m.",
        },
    },
    DemoEpic {
        title: "Drones as a subscription service",
        owner: "Ken Adams",
        column: 0,
        wsjf: [13, 3, 2, 20],
        case: DemoCase {
            for_whom: "small contractors",
            who: "cannot buy a fleet outright",
            the: "drone subscription",
            is_a: "monthly plan with maintenance included",
            that: "turns a large purchase into a predictable cost",
            unlike: "leasing through banks",
            our_solution: "includes service, spare batteries and software updates",
            business_outcome: "Recurring revenue reaches 10 % of turnover.",
            leading_indicators: "Trial sign-ups; conversion from trial to paid plan.",
            nonfunctional_requirements: "Billing integrated with the fleet telemetry; cancellation in the app.",
        },
    },
    DemoEpic {
        title: "Automated battery swap station",
        owner: "Maria Svensson",
        column: 3,
        wsjf: [8, 5, 3, 13],
        case: DemoCase {
            for_whom: "operators flying many sorties a day",
            who: "lose hours waiting for batteries to charge",
            the: "battery swap station",
            is_a: "ground station with a robotic arm",
            that: "changes a battery in under two minutes without a person",
            unlike: "manual swaps by a ground crew",
            our_solution: "keeps a drone flying around the clock",
            business_outcome: "Customers fly twice as many sorties per drone a day.",
            leading_indicators: "Swap time in field trials; swaps without a fault.",
            nonfunctional_requirements: "Works in rain and at -10 °C; safe stop when a person approaches.",
        },
    },
    DemoEpic {
        title: "Quieter propellers",
        owner: "Aisha Khan",
        column: 5,
        wsjf: [5, 3, 2, 3],
        case: DemoCase {
            for_whom: "operators near homes and offices",
            who: "face complaints and flight bans over noise",
            the: "low-noise propeller set",
            is_a: "retrofit kit with tuned motors",
            that: "halves the noise heard on the ground",
            unlike: "stock propellers",
            our_solution: "fits every drone we have sold",
            business_outcome: "No customer loses a permit over noise.",
            leading_indicators: "Noise at 50 m in test flights; permits granted near homes.",
            nonfunctional_requirements: "No more than 3 % loss of flight time; fitted in under 30 minutes.",
        },
    },
];

struct DemoFeature {
    title: &'static str,
    column: usize,
    size: i32,
    wsjf: Wsjf,
    /// When it is wanted, in days from now.
    due_in_days: i64,
}

/// Features of the heavy-lift epic, on the heavy-lift drone feature kanban.
const FEATURES: [DemoFeature; 3] = [
    DemoFeature {
        title: "Bigger battery",
        column: 3,
        size: 13,
        wsjf: [13, 8, 5, 8],
        // Sooner than its teams' pace promises: the roadmap shows it late.
        due_in_days: 12,
    },
    DemoFeature {
        title: "Updated flight software",
        column: 3,
        size: 8,
        wsjf: [13, 13, 8, 5],
        due_in_days: 45,
    },
    DemoFeature {
        title: "New engine",
        column: 4,
        size: 20,
        wsjf: [20, 8, 8, 13],
        due_in_days: 30,
    },
];

struct DemoItem {
    team: usize,
    /// Index into `FEATURES`, or `None` for unaligned work.
    feature: Option<usize>,
    title: &'static str,
    kind: WorkItemType,
    column: usize,
    size: i32,
    assignee: &'static str,
    class: ClassOfService,
    blocked: Option<&'static str>,
}

const TEAMS: [&str; 4] = ["Software", "Battery", "Engine", "Platform"];

/// Software's work that waits on another team's: (the waiting item, the item it
/// waits on, in days from now when it is needed, why), by position in `ITEMS`.
const DEPENDENCIES: [(usize, usize, i64, &str); 2] = [
    (
        0,
        8,
        10,
        "The controller's gains follow the new motor's thrust curve.",
    ),
    (
        1,
        5,
        14,
        "Landing margins need the larger pack's discharge curve.",
    ),
];

const fn item(
    team: usize,
    feature: Option<usize>,
    title: &'static str,
    kind: WorkItemType,
    column: usize,
    size: i32,
    assignee: &'static str,
) -> DemoItem {
    DemoItem {
        team,
        feature,
        title,
        kind,
        column,
        size,
        assignee,
        class: ClassOfService::Standard,
        blocked: None,
    }
}

const fn with_class(item: DemoItem, class: ClassOfService) -> DemoItem {
    DemoItem { class, ..item }
}

const fn blocked(item: DemoItem, reason: &'static str) -> DemoItem {
    DemoItem {
        blocked: Some(reason),
        ..item
    }
}

use WorkItemType::{Defect, Enabler, Risk, Story};

const ITEMS: [DemoItem; 15] = [
    item(
        0,
        Some(1),
        "Tune flight controller for a 40 kg payload",
        Story,
        1,
        5,
        "Lena Berg",
    ),
    item(
        0,
        Some(1),
        "Payload-aware landing profile",
        Story,
        0,
        3,
        "Omar Haddad",
    ),
    with_class(
        item(
            0,
            Some(1),
            "Altitude drifts with a heavy payload",
            Defect,
            2,
            2,
            "Lena Berg",
        ),
        ClassOfService::Expedite,
    ),
    item(
        0,
        Some(1),
        "Gust simulation at full payload",
        Enabler,
        4,
        3,
        "Omar Haddad",
    ),
    with_class(
        item(
            1,
            Some(0),
            "Qualify the 30 Ah cell supplier",
            Story,
            1,
            8,
            "Priya Nair",
        ),
        ClassOfService::FixedDate,
    ),
    item(
        1,
        Some(0),
        "Thermal test of the larger pack",
        Enabler,
        0,
        5,
        "Jonas Weber",
    ),
    blocked(
        item(
            1,
            Some(0),
            "Cell supplier lead time",
            Risk,
            1,
            2,
            "Priya Nair",
        ),
        "waiting for the supplier's quote",
    ),
    item(
        1,
        Some(0),
        "Pack enclosure, second revision",
        Story,
        4,
        3,
        "Jonas Weber",
    ),
    item(
        2,
        Some(2),
        "Bench-test the 12 kW motor",
        Story,
        1,
        8,
        "Chen Wei",
    ),
    item(
        2,
        Some(2),
        "Match propellers to the new motor",
        Story,
        0,
        5,
        "Sofia Rossi",
    ),
    with_class(
        item(
            2,
            Some(2),
            "Motor overheats above 80% throttle",
            Defect,
            2,
            3,
            "Chen Wei",
        ),
        ClassOfService::Expedite,
    ),
    item(
        2,
        Some(2),
        "Engine mount design",
        Story,
        4,
        5,
        "Sofia Rossi",
    ),
    item(
        3,
        Some(1),
        "Firmware build pipeline",
        Enabler,
        4,
        3,
        "Dev Patel",
    ),
    item(
        3,
        Some(1),
        "Staging field for fleet tests",
        Enabler,
        0,
        5,
        "Dev Patel",
    ),
    with_class(
        item(
            3,
            None,
            "Upgrade the build servers",
            Enabler,
            1,
            2,
            "Ana Costa",
        ),
        ClassOfService::Intangible,
    ),
];

struct DemoMetric {
    name: &'static str,
    description: &'static str,
    unit: &'static str,
    direction: Direction,
    baseline: f64,
    target: f64,
    /// Monthly measurements, the first on the baseline date, the last today.
    history: [f64; 7],
    leading: bool,
    owner: &'static str,
    /// The item the metric is meant to move.
    moved_by: MovedBy,
}

enum MovedBy {
    Vision,
    Epic(usize),
    Feature(usize),
}

/// Every metric was baselined six months ago and is due a year after that, so
/// today a straight line expects half the way. The histories tell a story:
/// payload is ahead, onboarding on track, flight time slipping, market share
/// far behind.
const METRICS: [DemoMetric; 4] = [
    DemoMetric {
        name: "Share of the heavy-lift drone market",
        description:
            "Our drones' share of heavy-lift units sold, from the quarterly industry report.",
        unit: "%",
        direction: Direction::Increase,
        baseline: 8.0,
        target: 15.0,
        history: [8.0, 8.1, 8.1, 8.3, 8.4, 8.6, 8.7],
        leading: false,
        owner: "Erin (CEO)",
        moved_by: MovedBy::Vision,
    },
    DemoMetric {
        name: "Maximum payload",
        description: "Heaviest load carried 20 km in the standard test flight.",
        unit: "kg",
        direction: Direction::Increase,
        baseline: 12.0,
        target: 40.0,
        history: [12.0, 14.0, 17.0, 21.0, 24.0, 28.0, 31.0],
        leading: true,
        owner: "Maria Svensson",
        moved_by: MovedBy::Epic(0),
    },
    DemoMetric {
        name: "Flight time at full payload",
        description: "Minutes in the air carrying the maximum payload.",
        unit: "min",
        direction: Direction::Increase,
        baseline: 18.0,
        target: 30.0,
        history: [18.0, 18.4, 19.0, 19.9, 20.8, 21.6, 22.8],
        leading: true,
        owner: "Ben (Battery)",
        moved_by: MovedBy::Feature(0),
    },
    DemoMetric {
        name: "Time to onboard a customer fleet",
        description: "Days from contract to a customer's fleet flying with telemetry.",
        unit: "days",
        direction: Direction::Decrease,
        baseline: 30.0,
        target: 10.0,
        history: [30.0, 29.0, 27.0, 24.0, 22.0, 20.0, 19.0],
        leading: false,
        owner: "Ken Adams",
        moved_by: MovedBy::Epic(1),
    },
];

/// Every demo account signs in with this password (documented in the README).
pub const DEMO_PASSWORD: &str = "throughline-demo";

struct DemoUser {
    email: &'static str,
    name: &'static str,
    role: Role,
    /// Indexes into `TEAMS`.
    teams: &'static [usize],
    /// Manages the demo's feature board.
    product_manager: bool,
}

/// One account per role, each documented in the README.
const USERS: [DemoUser; 6] = [
    DemoUser {
        email: "ada@throughline.example",
        name: "Ada Admin",
        role: Role::Admin,
        teams: &[],
        product_manager: false,
    },
    DemoUser {
        email: "erin@throughline.example",
        name: "Erin Executive",
        role: Role::Executive,
        teams: &[],
        product_manager: false,
    },
    DemoUser {
        email: "paul@throughline.example",
        name: "Paul Product",
        role: Role::ProductManager,
        teams: &[],
        product_manager: true,
    },
    DemoUser {
        email: "tina@throughline.example",
        name: "Tina Software",
        role: Role::TeamMember,
        teams: &[0],
        product_manager: false,
    },
    DemoUser {
        email: "ben@throughline.example",
        name: "Ben Battery",
        role: Role::TeamMember,
        teams: &[1],
        product_manager: false,
    },
    DemoUser {
        email: "vic@throughline.example",
        name: "Vic Viewer",
        role: Role::Viewer,
        teams: &[],
        product_manager: false,
    },
];

/// The people the demo's work is assigned to: (name, email). Each has an account
/// (the role accounts' password) on the teams whose work they hold, so a work
/// item's assignee is one of its team's people, as the item form asks.
const PEOPLE: [(&str, &str); 8] = [
    ("Lena Berg", "lena@throughline.example"),
    ("Omar Haddad", "omar@throughline.example"),
    ("Priya Nair", "priya@throughline.example"),
    ("Jonas Weber", "jonas@throughline.example"),
    ("Chen Wei", "chen@throughline.example"),
    ("Sofia Rossi", "sofia@throughline.example"),
    ("Dev Patel", "dev@throughline.example"),
    ("Ana Costa", "ana@throughline.example"),
];

/// Loads the demo when the database holds no vision yet; returns whether it did.
pub async fn load_if_empty(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<bool, AppError> {
    if vision::Entity::find().count(db).await? > 0 {
        return Ok(false);
    }
    let txn = app::store::begin_writing(db).await?;
    Seeder { db: &txn, now }.seed().await?;
    // The demo writes its history directly: each card's time in its column follows.
    txn.execute(&migrations::entered_column_backfill()).await?;
    txn.commit().await?;
    Ok(true)
}

struct Seeder<'a, C> {
    db: &'a C,
    now: DateTime<Utc>,
}

impl<C: sea_orm::ConnectionTrait> Seeder<'_, C> {
    async fn seed(&self) -> Result<(), AppError> {
        let vision_id = Uuid::new_v4();
        vision::ActiveModel {
            id: Set(vision_id),
            title: Set("Grow market share".into()),
            statement: Set(
                "Become the drone maker that industry trusts with the loads others cannot lift."
                    .into(),
            ),
            created_at: Set(self.now),
            updated_at: Set(self.now),
            version: Set(1),
        }
        .insert(self.db)
        .await?;

        let theme_id = Uuid::new_v4();
        strategic_theme::ActiveModel {
            id: Set(theme_id),
            vision_id: Set(vision_id),
            title: Set("Lead the heavy-lift segment".into()),
            description: Set("Carry heavier loads, further, than any competitor.".into()),
            rank: Set(1000),
            created_at: Set(self.now),
            updated_at: Set(self.now),
            version: Set(1),
        }
        .insert(self.db)
        .await?;

        let portfolio = setup::ensure_portfolio_board(self.db, self.now)
            .await?
            .columns;
        let mut epic_ids = Vec::new();
        for (rank, demo) in EPICS.iter().enumerate() {
            let id = Uuid::new_v4();
            let [bv, tc, rr, js] = demo.wsjf;
            item::ActiveModel {
                id: Set(id),
                kind: Set(ItemKind::Epic),
                parent_id: Set(Some(theme_id)),
                column_id: Set(portfolio[demo.column]),
                title: Set(demo.title.into()),
                description: Set(String::new()),
                rank: Set(rank_at(rank)),
                size: Set(None),
                business_value: Set(Some(bv)),
                time_criticality: Set(Some(tc)),
                risk_reduction: Set(Some(rr)),
                job_size: Set(Some(js)),
                created_at: Set(self.now - Duration::days(demo.column as i64 + 1)),
                updated_at: Set(self.now),
                version: Set(1),
                owner: Set(Some(demo.owner.into())),
                ..Default::default()
            }
            .insert(self.db)
            .await?;
            let case = &demo.case;
            epic_case::ActiveModel {
                item_id: Set(id),
                hypothesis_for: Set(case.for_whom.into()),
                hypothesis_who: Set(case.who.into()),
                hypothesis_the: Set(case.the.into()),
                hypothesis_is_a: Set(case.is_a.into()),
                hypothesis_that: Set(case.that.into()),
                hypothesis_unlike: Set(case.unlike.into()),
                hypothesis_our_solution: Set(case.our_solution.into()),
                business_outcome: Set(case.business_outcome.into()),
                leading_indicators: Set(case.leading_indicators.into()),
                nonfunctional_requirements: Set(case.nonfunctional_requirements.into()),
                ..Default::default()
            }
            .insert(self.db)
            .await?;
            self.history(ItemKind::Epic, id, &portfolio[..=demo.column])
                .await?;
            epic_ids.push(id);
        }

        let feature_board = setup::create_board(
            self.db,
            BoardKind::Feature,
            "Heavy-lift drone",
            None,
            self.now,
        )
        .await?;
        let product_id = feature_board.id;
        let feature_board = feature_board.columns;
        let mut feature_ids = Vec::new();
        for (rank, demo) in FEATURES.iter().enumerate() {
            let id = Uuid::new_v4();
            let [bv, tc, rr, js] = demo.wsjf;
            item::ActiveModel {
                id: Set(id),
                kind: Set(ItemKind::Feature),
                parent_id: Set(Some(epic_ids[0])),
                column_id: Set(feature_board[demo.column]),
                title: Set(demo.title.into()),
                description: Set(String::new()),
                rank: Set(rank_at(rank)),
                size: Set(Some(demo.size)),
                business_value: Set(Some(bv)),
                time_criticality: Set(Some(tc)),
                risk_reduction: Set(Some(rr)),
                job_size: Set(Some(js)),
                created_at: Set(self.now - Duration::days(demo.column as i64 + 1)),
                updated_at: Set(self.now),
                version: Set(1),
                target_date: Set(Some(
                    (self.now + Duration::days(demo.due_in_days)).date_naive(),
                )),
                ..Default::default()
            }
            .insert(self.db)
            .await?;
            self.history(ItemKind::Feature, id, &feature_board[..=demo.column])
                .await?;
            feature_ids.push(id);
        }
        // "Quieter propellers", the finished epic: its features were done over the
        // last three months.
        crate::demo_history::finished_features(self.db, &feature_board, epic_ids[5], self.now)
            .await?;

        let mut team_boards = Vec::new();
        let mut team_ids = Vec::new();
        for name in TEAMS {
            let team_id = Uuid::new_v4();
            team::ActiveModel {
                id: Set(team_id),
                name: Set(name.into()),
                created_at: Set(self.now),
                updated_at: Set(self.now),
                version: Set(1),
            }
            .insert(self.db)
            .await?;
            team_boards.push(self.board(BoardKind::Team, name, Some(team_id)).await?);
            team_ids.push(team_id);
        }

        let mut item_ids = Vec::with_capacity(ITEMS.len());
        for (rank, demo) in ITEMS.iter().enumerate() {
            let id = Uuid::new_v4();
            item_ids.push(id);
            let columns = &team_boards[demo.team];
            item::ActiveModel {
                id: Set(id),
                kind: Set(ItemKind::WorkItem),
                parent_id: Set(demo.feature.map(|f| feature_ids[f])),
                column_id: Set(columns[demo.column]),
                title: Set(demo.title.into()),
                description: Set(String::new()),
                rank: Set(rank_at(rank)),
                size: Set(Some(demo.size)),
                business_value: Set(None),
                time_criticality: Set(None),
                risk_reduction: Set(None),
                job_size: Set(None),
                // Created when its history (one column a day) begins.
                created_at: Set(self.now - Duration::days(demo.column as i64 + 1)),
                updated_at: Set(self.now),
                version: Set(1),
                work_type: Set(Some(demo.kind)),
                assignee: Set(Some(demo.assignee.into())),
                blocked: Set(demo.blocked.is_some()),
                blocked_reason: Set(demo.blocked.map(String::from)),
                class_of_service: Set(Some(demo.class)),
                // Fixed-date work is due: three weeks out.
                target_date: Set((demo.class == ClassOfService::FixedDate)
                    .then(|| (self.now + Duration::days(21)).date_naive())),
                ..Default::default()
            }
            .insert(self.db)
            .await?;
            self.history(ItemKind::WorkItem, id, &columns[..=demo.column])
                .await?;
        }
        for (team, (team_id, columns)) in team_ids.iter().zip(&team_boards).enumerate() {
            // The team's past work served mostly what its current work serves (and
            // the next feature over), and was held by the same people.
            let on_team = || ITEMS.iter().filter(move |item| item.team == team);
            let feature = on_team().find_map(|item| item.feature).unwrap_or(0);
            let features = [
                feature_ids[feature],
                feature_ids[(feature + 1) % feature_ids.len()],
            ];
            let mut people: Vec<&str> = on_team().map(|item| item.assignee).collect();
            people.sort_unstable();
            people.dedup();
            crate::demo_history::finished_work(self.db, team, columns, features, &people, self.now)
                .await?;
            crate::demo_history::delivery(self.db, team, *team_id, self.now).await?;
        }

        for demo in &METRICS {
            let metric_id = Uuid::new_v4();
            let baseline_at = self.now - Duration::days(MONTH_DAYS * 6);
            outcome_metric::ActiveModel {
                id: Set(metric_id),
                name: Set(demo.name.into()),
                unit: Set(demo.unit.into()),
                direction: Set(demo.direction),
                baseline: Set(demo.baseline),
                target: Set(demo.target),
                current: Set(demo.history.last().copied()),
                created_at: Set(self.now),
                updated_at: Set(self.now),
                version: Set(1),
                description: Set(demo.description.into()),
                baseline_date: Set(Some(baseline_at.date_naive())),
                target_date: Set(Some((baseline_at + Duration::days(365)).date_naive())),
                leading: Set(demo.leading),
                owner: Set(Some(demo.owner.into())),
            }
            .insert(self.db)
            .await?;
            for (age, value) in demo.history.iter().rev().enumerate() {
                measurement::ActiveModel {
                    id: Set(Uuid::new_v4()),
                    metric_id: Set(metric_id),
                    value: Set(*value),
                    measured_at: Set(self.now - Duration::days(MONTH_DAYS * age as i64)),
                    source: Set(Some(DEMO_ACTOR.into())),
                    created_at: Set(self.now),
                    client_id: Set(None),
                    recorded_by: Set(None),
                }
                .insert(self.db)
                .await?;
            }
            let (item_kind, item_id) = match demo.moved_by {
                MovedBy::Vision => (ItemKind::Vision, vision_id),
                MovedBy::Epic(i) => (ItemKind::Epic, epic_ids[i]),
                MovedBy::Feature(i) => (ItemKind::Feature, feature_ids[i]),
            };
            item_metric_link::ActiveModel {
                id: Set(Uuid::new_v4()),
                metric_id: Set(metric_id),
                item_kind: Set(item_kind),
                item_id: Set(item_id),
                created_at: Set(self.now),
            }
            .insert(self.db)
            .await?;
        }
        for (waiting, waited_on, in_days, note) in DEPENDENCIES {
            dependency::ActiveModel {
                id: Set(Uuid::new_v4()),
                upstream_id: Set(item_ids[waited_on]),
                downstream_id: Set(item_ids[waiting]),
                needed_by: Set(Some((self.now + Duration::days(in_days)).date_naive())),
                note: Set(note.into()),
                // Made with the demo, by no one person.
                created_by: Set(Uuid::nil()),
                created_at: Set(self.now),
            }
            .insert(self.db)
            .await?;
        }
        self.users(&team_ids, product_id).await?;
        crate::demo_history::audit_trail(self.db).await
    }

    async fn users(&self, team_ids: &[Uuid], product_id: Uuid) -> Result<(), AppError> {
        for demo in &USERS {
            let teams: Vec<Uuid> = demo.teams.iter().map(|&i| team_ids[i]).collect();
            let user = users::create(
                self.db,
                NewUser {
                    email: Email::parse(demo.email)?,
                    display_name: demo.name.into(),
                    password: Password::parse(DEMO_PASSWORD)?,
                    role: demo.role,
                },
                &teams,
                self.now,
            )
            .await?;
            if demo.product_manager {
                product_manager::ActiveModel {
                    user_id: Set(user.id),
                    board_id: Set(product_id),
                }
                .insert(self.db)
                .await?;
            }
        }
        for (name, email) in PEOPLE {
            let mut teams: Vec<Uuid> = ITEMS
                .iter()
                .filter(|item| item.assignee == name)
                .map(|item| team_ids[item.team])
                .collect();
            teams.dedup();
            let person = NewUser {
                email: Email::parse(email)?,
                display_name: name.into(),
                password: Password::parse(DEMO_PASSWORD)?,
                role: Role::TeamMember,
            };
            users::create(self.db, person, &teams, self.now).await?;
        }
        Ok(())
    }

    async fn board(
        &self,
        kind: BoardKind,
        name: &str,
        team_id: Option<Uuid>,
    ) -> Result<Vec<Uuid>, DbErr> {
        Ok(setup::create_board(self.db, kind, name, team_id, self.now)
            .await?
            .columns)
    }

    /// Records an item entering the first column and moving one column a day to
    /// the last, ending today, so flow metrics have a history to read.
    async fn history(&self, kind: ItemKind, item_id: Uuid, path: &[Uuid]) -> Result<(), DbErr> {
        let days = path.len() as i64;
        let mut from = None;
        for (step, column) in path.iter().enumerate() {
            transition::ActiveModel {
                id: Set(Uuid::new_v4()),
                item_kind: Set(kind),
                item_id: Set(item_id),
                from_column_id: Set(from),
                to_column_id: Set(*column),
                at: Set(self.now - Duration::days(days - step as i64)),
                by: Set(DEMO_ACTOR.into()),
            }
            .insert(self.db)
            .await?;
            from = Some(*column);
        }
        Ok(())
    }
}

/// Ranks leave gaps so an item can later be placed between two without renumbering.
fn rank_at(index: usize) -> i64 {
    (index as i64 + 1) * 1000
}
