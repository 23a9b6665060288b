//! Which language a page speaks to its reader: `?lang=` if it names a language dialogo
//! speaks, else the one chosen before (a cookie the switcher's links set), else the browser's
//! (`Accept-Language`), else English. Link pages that know their token's owner speak the
//! owner's language instead (see [`crate::routes::links`]).

use actix_web::http::header::{AcceptLanguage, Header as _, Preference};
use actix_web::{HttpRequest, web};

use crate::i18n::Locale;

/// The cookie that keeps the language chosen with the switcher.
pub const LANGUAGE_COOKIE: &str = "dialogo_lang";

/// The language the browser asks for first among those dialogo speaks; English otherwise.
pub fn negotiated(req: &HttpRequest) -> Locale {
    AcceptLanguage::parse(req)
        .map(|accepted| accepted.ranked())
        .unwrap_or_default()
        .into_iter()
        .find_map(|preference| match preference {
            Preference::Specific(tag) => Locale::parse(tag.primary_language()).ok(),
            Preference::Any => None,
        })
        .unwrap_or_else(Locale::fallback)
}

/// The language a page is shown in, and whether `?lang=` chose it (then it is remembered).
pub struct Chosen {
    pub locale: Locale,
    pub from_query: bool,
}

/// `?lang=` if it names a language dialogo speaks, else the cookie's, else the browser's.
pub fn chosen_language(req: &HttpRequest) -> Chosen {
    let asked =
        web::Query::<std::collections::HashMap<String, String>>::from_query(req.query_string())
            .ok()
            .and_then(|q| q.get("lang").and_then(|l| Locale::parse(l).ok()));
    if let Some(locale) = asked {
        return Chosen {
            locale,
            from_query: true,
        };
    }
    let remembered = req
        .cookie(LANGUAGE_COOKIE)
        .and_then(|c| Locale::parse(c.value()).ok());
    Chosen {
        locale: remembered.unwrap_or_else(|| negotiated(req)),
        from_query: false,
    }
}
