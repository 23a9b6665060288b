//! How an operator makes the public pages theirs: a logo (`DIALOGO_LOGO_URL`) and a primary
//! colour (`DIALOGO_PRIMARY_COLOUR`). The colour reaches the pages as a small generated
//! stylesheet, never as an inline style, so the pages' CSP needs no `unsafe-inline`.

use crate::config::error::ConfigError;

/// The operator's choices of logo and colour.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Look {
    /// `DIALOGO_LOGO_URL`: an image shown beside the organisation's name.
    pub logo_url: Option<url::Url>,
    /// `DIALOGO_PRIMARY_COLOUR`: buttons and links.
    pub primary_colour: Option<Colour>,
}

impl Look {
    /// Reads both settings through `lookup` (which gives only non-empty values).
    pub fn parse(lookup: impl Fn(&'static str) -> Option<String>) -> Result<Self, ConfigError> {
        let fail = |variable: &'static str| move |reason: String| ConfigError { variable, reason };
        let logo_url = lookup("DIALOGO_LOGO_URL")
            .map(|value| parse_logo_url(&value))
            .transpose()
            .map_err(fail("DIALOGO_LOGO_URL"))?;
        let primary_colour = lookup("DIALOGO_PRIMARY_COLOUR")
            .map(|value| Colour::parse(&value))
            .transpose()
            .map_err(fail("DIALOGO_PRIMARY_COLOUR"))?;
        Ok(Self {
            logo_url,
            primary_colour,
        })
    }

    /// The stylesheet that applies the colour over the design system's own, if one is set.
    pub fn theme_css(&self) -> Option<String> {
        self.primary_colour.map(|colour| {
            format!(
                "/* DIALOGO_PRIMARY_COLOUR */\n.kern-light {{\n  \
                 --kern-color-action-default: {colour};\n  \
                 --kern-color-action-default-contextual: {colour};\n}}\n"
            )
        })
    }
}

fn parse_logo_url(value: &str) -> Result<url::Url, String> {
    let url = url::Url::parse(value.trim()).map_err(|e| format!("{value:?} is not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("{value:?} must be an http(s) URL with a host"));
    }
    Ok(url)
}

/// An sRGB colour that white text on it, and it on white, can be read in: a contrast of at
/// least 4.5:1, as WCAG 2.1 AA asks of normal text. Buttons carry white text on it and links
/// are it on white, so one check covers both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Colour([u8; 3]);

/// WCAG 2.1 AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

impl Colour {
    /// `#rrggbb` or `#rgb`, hex digits in either case.
    pub fn parse(value: &str) -> Result<Self, String> {
        let hex = value.trim().strip_prefix('#').unwrap_or("");
        let digits: Vec<u8> = hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()
            .ok_or_else(|| format!("{value:?} is not a colour such as #1f5fa8"))?;
        let rgb = match digits.as_slice() {
            [r, g, b] => [r * 17, g * 17, b * 17],
            [r1, r2, g1, g2, b1, b2] => [r1 * 16 + r2, g1 * 16 + g2, b1 * 16 + b2],
            _ => return Err(format!("{value:?} is not a colour such as #1f5fa8")),
        };
        let colour = Self(rgb);
        let contrast = colour.contrast_with_white();
        if contrast < MIN_CONTRAST {
            return Err(format!(
                "{value:?} has a contrast of {contrast:.2}:1 with white; \
                 at least {MIN_CONTRAST}:1 is needed (WCAG 2.1 AA): choose a darker colour"
            ));
        }
        Ok(colour)
    }

    /// The contrast ratio of this colour with white (WCAG 2.1, 1.4.3).
    fn contrast_with_white(self) -> f64 {
        let linear = |channel: u8| {
            let c = f64::from(channel) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0.map(linear);
        let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        1.05 / (luminance + 0.05)
    }
}

impl std::fmt::Display for Colour {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let [r, g, b] = self.0;
        write!(f, "#{r:02x}{g:02x}{b:02x}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_are_read_in_both_notations_and_written_in_full() {
        assert_eq!(Colour::parse("#1F5FA8").unwrap().to_string(), "#1f5fa8");
        assert_eq!(Colour::parse(" #036 ").unwrap().to_string(), "#003366");
    }

    #[test]
    fn colours_that_are_no_hex_or_too_light_are_refused() {
        for bad in ["1f5fa8", "#1f5fa", "#12345g", "red", "#", "url(x)"] {
            assert!(Colour::parse(bad).is_err(), "{bad}");
        }
        let light = Colour::parse("#ffcc00").unwrap_err();
        assert!(light.contains("4.5:1"), "{light}");
        // Just on either side of 4.5:1 (#767676 is 4.54:1, #777777 4.48:1).
        assert!(Colour::parse("#767676").is_ok());
        assert!(Colour::parse("#777777").is_err());
    }

    #[test]
    fn the_theme_sets_the_action_colour_only_when_a_colour_is_given() {
        let look =
            Look::parse(|name| (name == "DIALOGO_PRIMARY_COLOUR").then(|| "#004b87".to_owned()))
                .unwrap();
        let css = look.theme_css().unwrap();
        assert!(
            css.contains("--kern-color-action-default: #004b87;"),
            "{css}"
        );
        assert_eq!(Look::default().theme_css(), None);
        let refused = Look::parse(|name| {
            (name == "DIALOGO_LOGO_URL").then(|| "javascript:alert(1)".to_owned())
        })
        .unwrap_err();
        assert_eq!(refused.variable, "DIALOGO_LOGO_URL");
    }
}
