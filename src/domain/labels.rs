//! Enums whose values have a code name (glossary, domain.md §8) and a Chinese label.
//! Input accepts either, plus common synonyms clerks type; output is the code name.

/// Declares a labelled enum: `Variant => "code", "中文" [| "synonym" ...];`
macro_rules! labelled_enum {
    ($(#[$meta:meta])* $name:ident, $field:literal {
        $($variant:ident => $code:literal, $label:literal $(| $alias:literal)*;)+
    }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// What this field is called in Chinese error messages.
            pub const FIELD_ZH: &'static str = $field;

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(input: &str) -> crate::error::Result<Self> {
                let s = input.trim();
                $(
                    if s.eq_ignore_ascii_case($code) || s == $label $(|| s == $alias)* {
                        return Ok($name::$variant);
                    }
                )+
                Err(crate::error::Error::UnknownValue {
                    field: $field,
                    value: input.to_string(),
                    allowed: Self::allowed(),
                })
            }

            /// The choices by their Chinese names (which `parse` accepts too): an error the
            /// clerk reads names no code (#21 §13).
            pub fn allowed() -> String {
                Self::ALL
                    .iter()
                    .map(|v| v.label().to_string())
                    .collect::<Vec<_>>()
                    .join("、")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::parse(&s).map_err(serde::de::Error::custom)
            }
        }

        // The code names as a string union, the labels in its doc comment (contract.rs).
        impl ts_rs::TS for $name {
            type WithoutGenerics = Self;
            type OptionInnerType = Self;
            fn name(_: &ts_rs::Config) -> String {
                stringify!($name).to_owned()
            }
            fn inline(_: &ts_rs::Config) -> String {
                [$(concat!("\"", $code, "\"")),+].join(" | ")
            }
            fn decl(cfg: &ts_rs::Config) -> String {
                format!("type {} = {};", stringify!($name), Self::inline(cfg))
            }
            fn decl_concrete(cfg: &ts_rs::Config) -> String {
                Self::decl(cfg)
            }
            fn docs() -> Option<String> {
                let labels = [$(concat!($code, " ", $label)),+].join(" · ");
                Some(format!("/** {}：{} */\n", $field, labels))
            }
            fn output_path() -> Option<std::path::PathBuf> {
                Some(std::path::PathBuf::from(concat!(stringify!($name), ".ts")))
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
                let s = v.as_str()?;
                $name::parse(s).map_err(|e| rusqlite::types::FromSqlError::Other(Box::new(e)))
            }
        }
    };
}

pub(crate) use labelled_enum;
