use super::FieldError;

/// Trims `value` and checks that it is non-empty and at most `max` characters long.
pub fn required_text(value: &str, max: usize) -> Result<String, FieldError> {
    match optional_text(Some(value), max)? {
        Some(text) => Ok(text),
        None => Err(FieldError::new("required", "This field must not be empty.")),
    }
}

/// Trims `value`; an absent or blank value becomes `None`. Longer than `max` characters or
/// containing control characters other than line breaks and tabs is an error. Both are checked
/// on the value as sent, as the OpenAPI document's `maxLength` and `pattern` say.
pub fn optional_text(value: Option<&str>, max: usize) -> Result<Option<String>, FieldError> {
    let Some(value) = value else {
        return Ok(None);
    };
    if value.chars().count() > max {
        return Err(FieldError::new(
            "too_long",
            format!("This field may be at most {max} characters long."),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(
            "invalid_characters",
            "This field contains control characters.",
        ));
    }
    let trimmed = value.trim();
    Ok((!trimmed.is_empty()).then(|| trimmed.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_text_is_absent_and_required_text_rejects_it() {
        assert_eq!(optional_text(Some("   "), 10), Ok(None));
        assert_eq!(required_text(" ", 10).unwrap_err().code, "required");
    }

    #[test]
    fn text_is_trimmed_and_length_counts_the_characters_sent() {
        assert_eq!(required_text("  Städte ", 9).unwrap(), "Städte");
        assert_eq!(required_text("Städtee", 6).unwrap_err().code, "too_long");
        // As the OpenAPI document's maxLength: surrounding blanks count.
        assert_eq!(required_text(" Städte", 6).unwrap_err().code, "too_long");
    }

    #[test]
    fn control_characters_count_where_they_are_trimmed_too() {
        assert_eq!(
            required_text("\u{b}title", 10).unwrap_err().code,
            "invalid_characters"
        );
    }

    #[test]
    fn control_characters_are_rejected() {
        assert_eq!(
            required_text("a\u{0}b", 10).unwrap_err().code,
            "invalid_characters"
        );
        assert!(required_text("line\nbreak", 20).is_ok());
    }
}
