//! The demo's past: three months of finished work on every team board and on the
//! product's feature kanban, and of deployments and incidents, so flow metrics and
//! the four keys have history to read. Generated from a fixed seed, so every demo database tells the same story:
//! Software delivers like an elite team, Battery well, Engine slowly, and the
//! Platform team ships rarely and breaks things.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DbErr, EntityTrait, QueryOrder,
};
use uuid::Uuid;

use app::domain::dora::{DeploymentStatus, PRODUCTION};
use app::domain::hierarchy::{ClassOfService, ItemKind, WorkItemType};
use app::entities::{
    board_column, deployment, deployment_commit, incident, item, transition, user,
};
use app::error::AppError;
use app::store::audit::{self, Change, Via};

/// How far back the history goes.
const DAYS: i64 = 90;

/// A small deterministic generator (xorshift): the same numbers on every run.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A whole number in `low..=high`.
    fn between(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }

    /// True with `percent` % chance.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// How a team delivers, driving its generated history.
struct Profile {
    service: &'static str,
    /// Days between production deployments.
    deploy_every: (i64, i64),
    /// Hours from commit to deployment.
    commit_lead_hours: (i64, i64),
    failure_percent: u64,
    incident_percent: u64,
    /// Minutes to restore.
    restore_minutes: (i64, i64),
    /// Days an item spends in each started column.
    stay_days: (i64, i64),
}

/// One per team of the demo, in `TEAMS` order.
const PROFILES: [Profile; 4] = [
    Profile {
        service: "flight-software",
        deploy_every: (0, 1),
        commit_lead_hours: (1, 20),
        failure_percent: 3,
        incident_percent: 3,
        restore_minutes: (15, 50),
        stay_days: (0, 2),
    },
    Profile {
        service: "battery-management",
        deploy_every: (1, 4),
        commit_lead_hours: (20, 100),
        failure_percent: 6,
        incident_percent: 5,
        restore_minutes: (60, 600),
        stay_days: (1, 3),
    },
    Profile {
        service: "engine-control",
        deploy_every: (5, 12),
        commit_lead_hours: (100, 400),
        failure_percent: 10,
        incident_percent: 8,
        restore_minutes: (600, 3000),
        stay_days: (2, 6),
    },
    Profile {
        service: "platform-api",
        deploy_every: (12, 25),
        commit_lead_hours: (300, 900),
        failure_percent: 25,
        incident_percent: 25,
        restore_minutes: (2000, 12000),
        stay_days: (3, 9),
    },
];

/// Each team's finished work of the last three months, in `TEAMS` order.
const FINISHED_TITLES: [[&str; 12]; 4] = [
    // Software
    [
        "Log rotation for the flight recorder",
        "Fix the flaky landing test",
        "Speed up the nightly simulation suite",
        "Geofence check before take-off",
        "Hover stability at low battery",
        "Waypoint editor keeps altitude units",
        "Crash report upload after landing",
        "Return home on a lost link",
        "Wind estimate in the flight log",
        "Harden the firmware signing",
        "Unit tests for the motor mixer",
        "Tidy the autopilot's configuration defaults",
    ],
    // Battery
    [
        "Calibrate the cell test rig",
        "Charge curve for the 30 Ah cell",
        "Battery health in the telemetry feed",
        "Cold-weather discharge test",
        "Pack balancing firmware update",
        "Review the fuse ratings",
        "Thermal pad samples from two suppliers",
        "Charger handshake times out",
        "Alarm at the cycle-count limit",
        "Shipping papers for lithium packs",
        "Connector wear test",
        "Document the pack assembly steps",
    ],
    // Engine
    [
        "Current limit in the motor controller",
        "Procedure for ESC firmware updates",
        "Vibration test of the motor mount",
        "Audit the bearing supplier",
        "Export data from the thrust stand",
        "Cooling fin prototype",
        "Torque specification for propeller nuts",
        "Thrust stand load cell drifts",
        "Motor temperature in the flight log",
        "Winding resistance check at goods-in",
        "Spare parts list for the 12 kW motor",
        "Noise test of the new motor",
    ],
    // Platform
    [
        "Retire the old build scripts",
        "Document the release checklist",
        "Alert on slow telemetry uploads",
        "Update third-party licences",
        "Dashboard for rig utilisation",
        "Rotate the signing keys",
        "Nightly backup of the fleet database",
        "Upgrade the CI runners' operating system",
        "Cache dependencies in the build",
        "Single sign-on for the test portal",
        "Clean up unused cloud storage",
        "Status page for the telemetry API",
    ],
];

/// The team's finished work items, serving its `features` in turn (the first
/// twice as often) and held in turn by its `people`, with their moves through
/// `columns` (the team board's To Do … Done), spread over the last three months.
pub async fn finished_work(
    db: &impl ConnectionTrait,
    team: usize,
    columns: &[Uuid],
    features: [Uuid; 2],
    people: &[&str],
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let profile = &PROFILES[team % PROFILES.len()];
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15 ^ (team as u64 + 1));
    let kinds = [
        WorkItemType::Story,
        WorkItemType::Story,
        WorkItemType::Defect,
        WorkItemType::Enabler,
    ];
    for (n, title) in FINISHED_TITLES[team % FINISHED_TITLES.len()]
        .iter()
        .enumerate()
    {
        let created =
            now - Duration::days(DAYS - n as i64 * 6) + Duration::hours(dice.between(8, 16));
        let path = path_through(columns, created, profile.stay_days, &mut dice, now);
        let id = Uuid::new_v4();
        item::ActiveModel {
            id: Set(id),
            kind: Set(ItemKind::WorkItem),
            parent_id: Set(Some(features[usize::from(n % 3 == 2)])),
            column_id: Set(*columns.last().expect("a board has columns")),
            title: Set((*title).into()),
            description: Set(String::new()),
            rank: Set(100_000 + n as i64 * 1000),
            size: Set(Some(dice.between(1, 5) as i32)),
            business_value: Set(None),
            time_criticality: Set(None),
            risk_reduction: Set(None),
            job_size: Set(None),
            created_at: Set(created),
            updated_at: Set(path.last().map_or(created, |(_, at)| *at)),
            version: Set(1),
            work_type: Set(Some(kinds[n % kinds.len()])),
            assignee: Set(people
                .get(n % people.len().max(1))
                .map(|name| (*name).into())),
            blocked: Set(false),
            blocked_reason: Set(None),
            class_of_service: Set(Some(ClassOfService::Standard)),
            ..Default::default()
        }
        .insert(db)
        .await?;
        record_moves(db, ItemKind::WorkItem, id, &path).await?;
    }
    Ok(())
}

const FINISHED_FEATURES: [&str; 6] = [
    "Noise measurement rig",
    "New propeller blade profile",
    "Low-noise motor tuning",
    "Propeller balancing at the factory",
    "Urban noise test flights",
    "Quiet mode in the flight app",
];

/// Finished features of `epic` that went through the product's `columns`
/// (Funnel … Done) over the last three months, a few weeks each.
pub async fn finished_features(
    db: &impl ConnectionTrait,
    columns: &[Uuid],
    epic: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut dice = Dice(0x2545_F491_4F6C_DD1D);
    for (n, title) in FINISHED_FEATURES.iter().enumerate() {
        let created = now - Duration::days(DAYS - n as i64 * 12);
        let path = path_through(columns, created, (1, 6), &mut dice, now);
        let id = Uuid::new_v4();
        item::ActiveModel {
            id: Set(id),
            kind: Set(ItemKind::Feature),
            parent_id: Set(Some(epic)),
            column_id: Set(*columns.last().expect("a board has columns")),
            title: Set((*title).into()),
            description: Set(String::new()),
            rank: Set(100_000 + n as i64 * 1000),
            size: Set(Some(dice.between(3, 13) as i32)),
            created_at: Set(created),
            updated_at: Set(path.last().map_or(created, |(_, at)| *at)),
            version: Set(1),
            ..Default::default()
        }
        .insert(db)
        .await?;
        record_moves(db, ItemKind::Feature, id, &path).await?;
    }
    Ok(())
}

/// A way through `columns`, left to right, entering the first at `created` and
/// staying `stay_days` (and a few hours) in each, all before `now`.
fn path_through(
    columns: &[Uuid],
    created: DateTime<Utc>,
    stay_days: (i64, i64),
    dice: &mut Dice,
    now: DateTime<Utc>,
) -> Vec<(Uuid, DateTime<Utc>)> {
    let mut at = created;
    let mut path = Vec::with_capacity(columns.len());
    for (step, column) in columns.iter().enumerate() {
        if step > 0 {
            at += Duration::days(dice.between(stay_days.0, stay_days.1))
                + Duration::hours(dice.between(1, 6));
        }
        path.push((*column, at.min(now - Duration::hours(1))));
    }
    path
}

/// The item's moves along `path`, as the transition log keeps them.
async fn record_moves(
    db: &impl ConnectionTrait,
    kind: ItemKind,
    id: Uuid,
    path: &[(Uuid, DateTime<Utc>)],
) -> Result<(), DbErr> {
    let mut from = None;
    for &(column, at) in path {
        transition::ActiveModel {
            id: Set(Uuid::new_v4()),
            item_kind: Set(kind),
            item_id: Set(id),
            from_column_id: Set(from),
            to_column_id: Set(column),
            at: Set(at),
            by: Set(crate::demo::DEMO_ACTOR.into()),
        }
        .insert(db)
        .await?;
        from = Some(column);
    }
    Ok(())
}

/// Deployments (with their commits) and incidents of the team's service.
pub async fn delivery(
    db: &impl ConnectionTrait,
    team: usize,
    team_id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let profile = &PROFILES[team % PROFILES.len()];
    let mut dice = Dice(0xD1B5_4A32_D192_ED03 ^ (team as u64 + 7));
    let mut at = now - Duration::days(DAYS);
    let mut n = 0;
    loop {
        at += Duration::days(dice.between(profile.deploy_every.0, profile.deploy_every.1))
            + Duration::hours(dice.between(2, 9));
        if at >= now {
            break;
        }
        n += 1;
        let client_id = format!("{}-{n}", profile.service);
        let failed = dice.chance(profile.failure_percent);
        let id = Uuid::new_v4();
        deployment::ActiveModel {
            id: Set(id),
            client_id: Set(client_id.clone()),
            service: Set(profile.service.into()),
            team_id: Set(team_id),
            environment: Set(PRODUCTION.into()),
            deployed_at: Set(at),
            status: Set(if failed {
                DeploymentStatus::Failure
            } else {
                DeploymentStatus::Success
            }),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
        for c in 0..dice.between(1, 3) {
            let lead = dice.between(profile.commit_lead_hours.0, profile.commit_lead_hours.1);
            deployment_commit::ActiveModel {
                id: Set(Uuid::new_v4()),
                deployment_id: Set(id),
                sha: Set(format!("{:07x}", dice.next() % 0xFFF_FFFF + c as u64)),
                committed_at: Set(at - Duration::hours(lead)),
            }
            .insert(db)
            .await?;
        }
        if !failed && dice.chance(profile.incident_percent) {
            let started = at + Duration::hours(dice.between(1, 12));
            let ended = started
                + Duration::minutes(
                    dice.between(profile.restore_minutes.0, profile.restore_minutes.1),
                );
            incident::ActiveModel {
                id: Set(Uuid::new_v4()),
                client_id: Set(format!("INC-{}-{n}", profile.service)),
                service: Set(profile.service.into()),
                team_id: Set(team_id),
                started_at: Set(started),
                ended_at: Set((ended < now).then_some(ended)),
                // Some incidents are traced to the deployment that caused them.
                caused_by: Set(dice.chance(60).then(|| client_id.clone())),
                created_at: Set(now),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// The demo's moves as item pages and the activity feed tell them: an item's
/// first transition is its creation, each later one a move, by the person who
/// holds it (work items), the product manager (features) or the executive
/// (epics on the portfolio).
pub async fn audit_trail(db: &impl ConnectionTrait) -> Result<(), AppError> {
    let users = user::Entity::find().all(db).await?;
    let named = |name: &str| users.iter().find(|u| u.display_name == name).map(|u| u.id);
    let columns: HashMap<Uuid, String> = board_column::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|column| (column.id, column.name))
        .collect();
    let items: HashMap<Uuid, item::Model> = item::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|item| (item.id, item))
        .collect();
    let transitions = transition::Entity::find()
        .order_by_asc(transition::Column::At)
        .all(db)
        .await?;
    for moved in transitions {
        let Some(item) = items.get(&moved.item_id) else {
            continue;
        };
        let who = match item.kind {
            ItemKind::WorkItem => item.assignee.as_deref().and_then(named),
            ItemKind::Feature => named("Paul Product"),
            _ => named("Erin Executive"),
        };
        let Some(user_id) = who else { continue };
        let field = match moved.from_column_id {
            None => "created",
            Some(_) => "column",
        };
        audit::record(
            db,
            Change {
                item_kind: moved.item_kind,
                item_id: moved.item_id,
                field,
                old_value: moved
                    .from_column_id
                    .and_then(|from| columns.get(&from).cloned()),
                new_value: columns.get(&moved.to_column_id).cloned(),
                user_id,
                via: Via::Ui,
                at: moved.at,
            },
        )
        .await?;
    }
    Ok(())
}
