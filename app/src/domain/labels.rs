//! Closed sets of values stored as short strings (in the database and in URLs).

/// A stored or submitted value that names none of the members of a closed set.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` is not a valid {set}; expected one of: {expected}")]
pub struct UnknownValue {
    pub set: &'static str,
    pub value: String,
    pub expected: String,
}

/// Declares an enum whose members each have a stable storage key and a label for
/// people, with `key()`, `label()`, `ALL` and `FromStr` over the key.
macro_rules! labelled_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $set:literal {
            $( $(#[$vmeta:meta])* $variant:ident => ($key:literal, $label:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable key stored in the database.
            pub fn key(self) -> &'static str {
                match self { $($name::$variant => $key),+ }
            }

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::UnknownValue;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    $($key => Ok($name::$variant),)+
                    _ => Err($crate::domain::UnknownValue {
                        set: $set,
                        value: value.to_owned(),
                        expected: [$($key),+].join(", "),
                    }),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

pub(crate) use labelled_enum;

#[cfg(test)]
mod tests {
    use crate::domain::board::StateCategory;

    #[test]
    fn every_key_parses_back_to_its_member() {
        for category in StateCategory::ALL {
            assert_eq!(category.key().parse::<StateCategory>(), Ok(*category));
        }
    }

    #[test]
    fn an_unknown_key_names_the_set_and_the_valid_keys() {
        let error = "finished".parse::<StateCategory>().unwrap_err();
        assert_eq!(
            error.to_string(),
            "`finished` is not a valid state category; expected one of: not_started, started, done"
        );
    }
}
