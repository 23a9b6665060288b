//! Who is calling, and whether they may: authentication once for the whole admin scope, then
//! one extractor per permission.
//!
//! [`admin_scope`] checks the bearer token of every request to `/api/v1/admin…` before routing
//! goes further and puts the [`Caller`] into the request's extensions. A handler states what it
//! needs by taking `Can<ManageEvents>` (or another marker from [`can`]) as its first argument:
//! actix-web extracts arguments in order and stops at the first failure, so the role is checked
//! before any later extractor reads the body. Without a caller the answer is 401, with a role
//! that lacks the permission 403, both in the one error shape.

use std::marker::PhantomData;

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage as _, HttpRequest, web};
use futures_util::future::{Ready, ready};

use super::role::{Permission, Role};
use crate::db::models::ApiToken;
use crate::error::ApiError;
use crate::state::AppState;

/// The authenticated caller of an admin route.
#[derive(Debug, Clone)]
pub struct Caller {
    pub user_id: String,
    pub role: Role,
    /// The name of the token the request presented; none for a console session.
    pub token_name: Option<String>,
    /// Where the request came from (behind trusted proxies, the client they name).
    pub client_address: Option<String>,
}

/// A permission as a type, for [`Can`].
pub trait Required {
    const PERMISSION: Permission;
}

/// The markers of [`Permission`]s, one per variant.
pub mod can {
    use super::{Permission, Required};

    macro_rules! markers {
        ($($name:ident),+ $(,)?) => {$(
            #[doc = concat!("Needs [`Permission::", stringify!($name), "`].")]
            pub struct $name;
            impl Required for $name {
                const PERMISSION: Permission = Permission::$name;
            }
        )+};
    }

    markers!(
        Read,
        ReadRegistrations,
        ManageEvents,
        ManageRegistrations,
        ManageInvitations,
        ManageOutbox,
        ManageNewsletter,
        ManagePersonalData,
        ReadAudit,
        ManageUsers,
    );
}

/// A caller whose role holds the permission `P`; see the module documentation.
pub struct Can<P: Required> {
    pub caller: Caller,
    permission: PhantomData<P>,
}

impl<P: Required> std::ops::Deref for Can<P> {
    type Target = Caller;

    fn deref(&self) -> &Caller {
        &self.caller
    }
}

impl<P: Required> FromRequest for Can<P> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let caller = req.extensions().get::<Caller>().cloned();
        ready(match caller {
            None => Err(missing_token()),
            Some(caller) if caller.role.may(P::PERMISSION) => Ok(Self {
                caller,
                permission: PhantomData,
            }),
            Some(caller) => Err(ApiError::client(
                StatusCode::FORBIDDEN,
                "forbidden",
                format!(
                    "The role {} may not do this; it needs the permission {}, which {} hold.",
                    caller.role,
                    P::PERMISSION.as_str(),
                    roles_sentence(P::PERMISSION)
                ),
            )),
        })
    }
}

fn roles_sentence(permission: Permission) -> String {
    let roles: Vec<_> = permission.roles().iter().map(Role::as_str).collect();
    roles.join(", ")
}

fn missing_token() -> ApiError {
    ApiError::unauthorized("This endpoint needs an API token: Authorization: Bearer TOKEN.")
}

/// Whether the rest of a path below `/api/v1` is in the admin scope.
fn is_admin(rest: &str) -> bool {
    rest == "/admin" || rest.starts_with("/admin/")
}

/// Checks the token of every request to `/api/v1/admin…` before routing goes further, so that
/// a request without a valid token learns nothing (not which fields a body needs, not which
/// media type a route takes) and no extractor reads its body. The authenticated [`Caller`]
/// goes into the request's extensions, where [`Can`] finds it. Wraps the `/api/v1` scope.
pub async fn admin_scope(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    // The path below the scope as the router sees it (percent-decoded).
    if !is_admin(req.match_info().unprocessed()) {
        return Ok(next.call(req).await?.map_into_left_body());
    }
    match authenticate(req.request()).await {
        Ok(caller) => {
            req.extensions_mut().insert(caller);
            Ok(next.call(req).await?.map_into_left_body())
        }
        Err(error) => Ok(req.error_response(error).map_into_right_body()),
    }
}

/// The caller whose token the request presents: a live token of an active user.
async fn authenticate(req: &HttpRequest) -> Result<Caller, ApiError> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let presented = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned());
    let Some(presented) = presented else {
        return Err(missing_token());
    };
    let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no app state")))?;
    let client_address =
        crate::client_address::client_address(req, &state.settings.trusted_proxies)
            .map(|address| address.to_string());
    let owned = state
        .db(move |conn| Ok(ApiToken::authenticate(conn, &presented)?))
        .await?;
    let (token, user) =
        owned.ok_or_else(|| ApiError::unauthorized("The API token is not valid."))?;
    Ok(Caller {
        role: user.role()?,
        user_id: user.id,
        token_name: Some(token.name),
        client_address,
    })
}
