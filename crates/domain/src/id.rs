//! Identifiers of register entries.

use std::fmt;

/// An id as DESIGN.md §4 allows: `[a-z0-9][a-z0-9_-]*`. Built only through [`Id::parse`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(String);

impl Id {
    /// Accepts `[a-z0-9][a-z0-9_-]*`.
    pub fn parse(text: &str) -> Option<Self> {
        let mut chars = text.chars();
        let first_ok = chars
            .next()
            .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        let rest_ok =
            chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
        (first_ok && rest_ok).then(|| Self(text.to_owned()))
    }

    /// A stand-in while the reader has yet to learn an omitted `council`; never left in a
    /// register that is returned.
    pub(crate) fn placeholder() -> Self {
        Self(String::new())
    }

    /// The id as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

#[cfg(test)]
mod tests {
    use super::Id;

    #[test]
    fn ids_are_lowercase_words_with_dashes_and_underscores() {
        assert!(Id::parse("coventry").is_some());
        assert!(Id::parse("p-exec-dir_2").is_some());
        assert!(Id::parse("9lives").is_some());
        assert!(Id::parse("-lead").is_none());
        assert!(Id::parse("Coventry").is_none());
        assert!(Id::parse("").is_none());
        assert!(Id::parse("a b").is_none());
    }
}
