//! Names in each admin operation's description the roles that may call it, from the one table
//! in [`crate::accounts::role`]. The operation states its permission as the scope of its bearer
//! requirement (`security(("bearer" = ["manage_events"]))`), as its handler's `Can<…>` does;
//! the API tests call every operation with every role's token to keep the two in step.

use utoipa::openapi::OpenApi;
use utoipa::openapi::path::Operation;

use crate::accounts::{Permission, Role};

/// Appends "Roles: …" to the description of every operation with a bearer requirement.
pub fn add_roles(openapi: &mut OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            if let Some(permission) = permission_of(operation) {
                let roles: Vec<_> = permission.roles().iter().map(Role::as_str).collect();
                let line = format!(
                    "Roles: {} (permission `{}`).",
                    roles.join(", "),
                    permission.as_str()
                );
                operation.description = Some(match operation.description.take() {
                    Some(text) if !text.is_empty() => format!("{text}\n\n{line}"),
                    _ => line,
                });
            }
        }
    }
}

/// The permission an operation names as the scope of its bearer requirement.
fn permission_of(operation: &Operation) -> Option<Permission> {
    let security = serde_json::to_value(operation.security.as_ref()?).ok()?;
    security
        .as_array()?
        .iter()
        .filter_map(|requirement| requirement.get("bearer")?.as_array())
        .flatten()
        .find_map(|scope| Permission::parse(scope.as_str()?))
}
