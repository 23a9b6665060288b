//! A deadline for receiving a request's body (`DIALOGO_BODY_TIMEOUT_SECONDS`).
//!
//! actix-web bounds the time to receive a request's head, not its body: a client that sends
//! its headers and then one byte now and then holds a connection and its buffers for as long
//! as it likes, and a few thousand such clients hold the server's memory. The body of every
//! request therefore has to arrive within the deadline, counted from the head; after it, the
//! body ends with an error (the extractors answer 408) and the connection is closed.

use std::future::Future as _;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpMessage as _, web};
use futures_util::Stream;

use crate::error::ApiError;
use crate::state::AppState;

/// The error a body ends with when its deadline has passed.
fn timed_out() -> PayloadError {
    PayloadError::Io(std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        "the body did not arrive in time",
    ))
}

/// Whether a body could not be read because its deadline passed.
pub fn is_timeout(error: &PayloadError) -> bool {
    matches!(error, PayloadError::Io(e) if e.kind() == std::io::ErrorKind::TimedOut)
}

/// The answer when a body took too long.
pub fn too_slow() -> ApiError {
    ApiError::client(
        StatusCode::REQUEST_TIMEOUT,
        "request_timeout",
        "The request's body did not arrive in time.",
    )
}

/// Gives the request's body the settings' deadline; closes the connection of a request whose
/// body missed it.
pub async fn body_deadline(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let timeout = req
        .app_data::<web::Data<AppState>>()
        .map_or(60, |state| state.settings.body_timeout_seconds);
    let expired = Arc::new(AtomicBool::new(false));
    let mut payload = req.take_payload();
    let mut deadline = Box::pin(tokio::time::sleep(Duration::from_secs(timeout)));
    let flag = expired.clone();
    let body = futures_util::stream::poll_fn(move |cx| {
        if flag.load(Ordering::Relaxed) {
            return Poll::Ready(None);
        }
        if let Poll::Ready(item) = Pin::new(&mut payload).poll_next(cx) {
            return Poll::Ready(item);
        }
        if deadline.as_mut().poll(cx).is_ready() {
            flag.store(true, Ordering::Relaxed);
            return Poll::Ready(Some(Err(timed_out())));
        }
        Poll::Pending
    });
    req.set_payload(Payload::from(
        Box::pin(body) as Pin<Box<dyn Stream<Item = Result<web::Bytes, PayloadError>>>>
    ));
    let mut res = next.call(req).await?;
    if expired.load(Ordering::Relaxed) {
        // The rest of the body is not waited for.
        res.response_mut()
            .head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
    }
    Ok(res)
}
