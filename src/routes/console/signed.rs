//! Who is signed in to the console, as handlers take it: [`Signed`] for a fully signed-in
//! account (else the way to signing in, the second factor or its setup), [`AwaitingCode`] for
//! a session between password and code. [`super::session`] finds them.

use actix_web::dev::Payload;
use actix_web::http::header::LOCATION;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, HttpResponse};
use futures_util::future::{Ready, ready};

use crate::db::models::User;
use crate::i18n::Locale;

/// The signed-in account of a console request, and its session's id.
#[derive(Debug, Clone)]
pub struct Signed {
    pub user: User,
    /// The id the cookie holds (to end the session with).
    pub session: String,
    /// Whether the second factor is still to be given.
    pub needs_code: bool,
}

impl Signed {
    /// The language the account's pages speak.
    pub fn locale(&self) -> Locale {
        Locale::parse(&self.user.language).unwrap_or_else(|_| Locale::fallback())
    }

    /// Whether the account must set up the second factor before anything else.
    pub fn must_set_up_code(&self) -> bool {
        self.user.totp_required && self.user.totp_secret.is_none()
    }
}

/// Where a console request must go first: signing in, the second factor, or its setup.
fn detour(to: &str) -> actix_web::Error {
    let answer = HttpResponse::SeeOther()
        .insert_header((LOCATION, to.to_owned()))
        .finish();
    actix_web::error::InternalError::from_response("not signed in", answer).into()
}

impl FromRequest for Signed {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, actix_web::Error>>;

    /// The account [`console_session`] found, signed in fully; else the way there.
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let signed = req.extensions().get::<Self>().cloned();
        ready(match signed {
            None => Err(detour(SIGN_IN)),
            Some(signed) if signed.needs_code => Err(detour(CODE)),
            Some(signed) if signed.must_set_up_code() && req.path() != TWO_FACTOR => {
                Err(detour(TWO_FACTOR))
            }
            Some(signed) => Ok(signed),
        })
    }
}

/// A session whose password was right and whose second factor is still to come.
pub struct AwaitingCode(pub Signed);

impl FromRequest for AwaitingCode {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, actix_web::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let signed = req.extensions().get::<Signed>().cloned();
        ready(match signed {
            Some(signed) if signed.needs_code => Ok(Self(signed)),
            Some(_) => Err(detour(HOME)),
            None => Err(detour(SIGN_IN)),
        })
    }
}

/// The console's start page.
pub const HOME: &str = "/console";
/// The sign-in page.
pub const SIGN_IN: &str = "/console/sign-in";
/// The second factor's step of signing in.
pub const CODE: &str = "/console/sign-in/code";
/// Where the second factor is switched on and off.
pub const TWO_FACTOR: &str = "/console/account/two-factor";
