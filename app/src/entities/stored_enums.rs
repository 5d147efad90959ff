//! The domain's closed sets (`labelled_enum!`), stored by their keys: entities hold
//! them typed, so a kind, state or class of service is parsed once, where a row is
//! read, and an unknown key in the database is an error there, not in twenty places.
//! The domain stays free of sea-orm; these impls live with the entities.

use crate::domain::{
    access::Role,
    account::Theme,
    board::{Activity, BoardKind, StateCategory},
    dora::DeploymentStatus,
    hierarchy::{ClassOfService, ItemKind, WorkItemType},
    import::{ImportState, Tool},
    outcome::Direction,
    planning::GoDecision,
    wip::{Enforcement, Measure, ScopeKind},
};

macro_rules! stored_by_key {
    ($($name:ident),+ $(,)?) => {$(
        impl From<$name> for sea_orm::Value {
            fn from(value: $name) -> Self {
                value.key().into()
            }
        }

        impl sea_orm::TryGetable for $name {
            fn try_get_by<I: sea_orm::ColIdx>(
                row: &sea_orm::QueryResult,
                index: I,
            ) -> Result<Self, sea_orm::TryGetError> {
                let key = String::try_get_by(row, index)?;
                key.parse().map_err(|error: crate::domain::UnknownValue| {
                    sea_orm::TryGetError::DbErr(sea_orm::DbErr::TryIntoErr {
                        from: "String",
                        into: stringify!($name),
                        source: std::sync::Arc::new(error),
                    })
                })
            }
        }

        impl sea_orm::sea_query::ValueType for $name {
            fn try_from(value: sea_orm::Value) -> Result<Self, sea_orm::sea_query::ValueTypeErr> {
                let key = <String as sea_orm::sea_query::ValueType>::try_from(value)?;
                key.parse().map_err(|_| sea_orm::sea_query::ValueTypeErr)
            }

            fn type_name() -> String {
                stringify!($name).to_owned()
            }

            fn array_type() -> sea_orm::sea_query::ArrayType {
                sea_orm::sea_query::ArrayType::String
            }

            fn column_type() -> sea_orm::sea_query::ColumnType {
                sea_orm::sea_query::ColumnType::String(sea_orm::sea_query::StringLen::None)
            }
        }

        impl sea_orm::sea_query::Nullable for $name {
            fn null() -> sea_orm::Value {
                sea_orm::Value::String(None)
            }
        }

        impl sea_orm::IntoActiveValue<$name> for $name {
            fn into_active_value(self) -> sea_orm::ActiveValue<$name> {
                sea_orm::ActiveValue::Set(self)
            }
        }
    )+};
}

stored_by_key!(
    Role,
    Theme,
    Activity,
    BoardKind,
    StateCategory,
    DeploymentStatus,
    ClassOfService,
    ItemKind,
    WorkItemType,
    Direction,
    GoDecision,
    Enforcement,
    Measure,
    ScopeKind,
    Tool,
    ImportState,
);
