//! The schema of the body of `PATCH /admin/events/{id}`.

use utoipa::openapi::{RefOr, Schema};
use utoipa::{PartialSchema, ToSchema};

use super::input::EventInput;

/// The body of `PATCH /admin/events/{id}`: a JSON merge patch (RFC 7396) of [`EventInput`]'s
/// fields, none of them required; `null` clears a field that may be empty.
pub struct EventPatch;

impl PartialSchema for EventPatch {
    fn schema() -> RefOr<Schema> {
        let mut schema = <EventInput as PartialSchema>::schema();
        if let RefOr::T(Schema::Object(object)) = &mut schema {
            object.required.clear();
        }
        schema
    }
}

impl ToSchema for EventPatch {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        <EventInput as ToSchema>::schemas(schemas);
    }
}
