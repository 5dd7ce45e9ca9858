//! What the GOV.UK forms share: errors against fields (shown inline and in the error summary) and
//! reading the three boxes of a date input.

use assure_domain::Date;

/// An error shown against one form field, and in the error summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct FieldError {
    /// The id of the input the summary links to.
    pub(crate) field: String,
    pub(crate) message: String,
}

impl FieldError {
    pub(crate) fn new(field: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// The first error for `field` among `errors`.
pub(crate) fn error_for<'a>(errors: &'a [FieldError], field: &str) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

/// Reads a GOV.UK date input's day, month and year boxes. `Ok(None)` when all three are empty;
/// otherwise the date, or the message to show (GOV.UK's wording for date errors), naming `what`.
pub(crate) fn date_input(
    what: &str,
    day: &str,
    month: &str,
    year: &str,
) -> Result<Option<Date>, String> {
    let parts = [day, month, year].map(str::trim);
    if parts.iter().all(|p| p.is_empty()) {
        return Ok(None);
    }
    let names = ["a day", "a month", "a year"];
    let missing: Vec<&str> = parts
        .iter()
        .zip(names)
        .filter(|(p, _)| p.is_empty())
        .map(|(_, n)| n)
        .collect();
    if !missing.is_empty() {
        return Err(format!("{what} must include {}", missing.join(" and ")));
    }
    let number = |s: &str| s.parse::<i16>().ok();
    match (number(parts[0]), number(parts[1]), number(parts[2])) {
        (Some(d), Some(m), Some(y)) if (1000..=9999).contains(&y) => Date::new(
            y,
            i8::try_from(m).unwrap_or(0),
            i8::try_from(d).unwrap_or(0),
        )
        .map(Some)
        .map_err(|_| format!("{what} must be a real date")),
        _ => Err(format!("{what} must be a real date")),
    }
}

/// What a refused write means on a form about entry `key` of `table`: errors the register
/// reader found in that entry go against their field (`designations `k`.post` -> `post`); other
/// errors (in another entry, a conflict) go to the summary, linked to `fallback`.
pub(crate) fn store_errors(
    err: &assure_store::StoreError,
    table: &str,
    key: &str,
    fallback: &str,
) -> Vec<FieldError> {
    use assure_store::StoreError;
    match err {
        StoreError::Invalid(errors) => {
            let prefix = format!("{table} `{key}`.");
            errors
                .iter()
                .map(|e| match e.field.strip_prefix(&prefix) {
                    Some(field) => {
                        let field = field.split(['.', '[']).next().unwrap_or(field);
                        FieldError::new(field, upper_first(&e.message))
                    }
                    None => FieldError::new(
                        fallback,
                        upper_first(&format!("{}: {}", e.field, e.message)),
                    ),
                })
                .collect()
        }
        StoreError::Conflict { .. } => vec![FieldError::new(
            fallback,
            "Someone else changed this while you were editing it. Reload the page to see their change, then make yours again",
        )],
        StoreError::Exists { .. } => vec![FieldError::new(fallback, "This already exists")],
        StoreError::NotFound { .. } => vec![FieldError::new(
            fallback,
            "This no longer exists: someone else removed it",
        )],
        other => vec![FieldError::new(fallback, upper_first(&other.to_string()))],
    }
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One radio, checkbox or select option.
#[derive(Clone, Debug)]
pub(crate) struct Choice {
    pub(crate) value: String,
    pub(crate) label: String,
    pub(crate) hint: String,
    pub(crate) checked: bool,
}

impl Choice {
    pub(crate) fn new(value: &str, label: &str, hint: &str, checked: bool) -> Self {
        Self {
            value: value.to_owned(),
            label: label.to_owned(),
            hint: hint.to_owned(),
            checked,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_input_reads_three_boxes_or_says_what_is_missing() {
        assert_eq!(date_input("Date", "", " ", ""), Ok(None));
        assert_eq!(
            date_input("Date", "12", "2", "2019"),
            Ok(Date::new(2019, 2, 12).ok())
        );
        assert_eq!(
            date_input("Start date", "12", "", ""),
            Err("Start date must include a month and a year".to_owned())
        );
        assert_eq!(
            date_input("Date", "31", "2", "2019"),
            Err("Date must be a real date".to_owned())
        );
        assert_eq!(
            date_input("Date", "1", "1", "19"),
            Err("Date must be a real date".to_owned())
        );
    }

    #[test]
    fn the_first_error_for_a_field_is_found() {
        let errors = vec![FieldError::new("a", "one"), FieldError::new("a", "two")];
        assert_eq!(error_for(&errors, "a"), Some("one"));
        assert_eq!(error_for(&errors, "b"), None);
    }
}
