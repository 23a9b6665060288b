//! Roles and what each may do: the one table of authorisation.
//!
//! Every admin operation needs one [`Permission`]; [`Permission::roles`] says which roles hold
//! it. Handlers ask for theirs with an extractor (`Can<ManageEvents>`, see
//! [`super::authorise`]), the OpenAPI document names the permission as the scope of each
//! operation's bearer requirement and the roles from this table, and the README's table is
//! [`Permission::markdown_table`] (a test keeps it in step).

use std::fmt;

use crate::domain::FieldError;

/// What a staff account is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Everything, users and tokens included.
    Admin,
    /// Events, agendas, schedules, registrations, invitations and the outbox.
    Coordinator,
    /// Subscribers, imports and newsletter issues.
    NewsletterEditor,
    /// Reads and exports; changes nothing.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Admin,
        Role::Coordinator,
        Role::NewsletterEditor,
        Role::Viewer,
    ];

    pub fn parse(value: &str) -> Result<Self, FieldError> {
        Self::ALL
            .into_iter()
            .find(|role| role.as_str() == value.trim())
            .ok_or_else(|| {
                let known: Vec<_> = Self::ALL.iter().map(Role::as_str).collect();
                FieldError::new(
                    "unknown_role",
                    format!("{value:?} is not a role; roles are {}.", known.join(", ")),
                )
            })
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Coordinator => "coordinator",
            Self::NewsletterEditor => "newsletter_editor",
            Self::Viewer => "viewer",
        }
    }

    /// Whether this role holds `permission`.
    pub fn may(self, permission: Permission) -> bool {
        permission.roles().contains(&self)
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an admin operation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read and export events, subscribers, issues, invitations, the outbox.
    Read,
    /// Read and export the registrations of events (participants' personal data, which a
    /// newsletter editor has no need of).
    ReadRegistrations,
    /// Create, change, publish, cancel and delete events; agendas and scheduled mails.
    ManageEvents,
    /// Approve, reject and remove registrations.
    ManageRegistrations,
    /// Invite and follow up.
    ManageInvitations,
    /// Retry failed mails and send test mails.
    ManageOutbox,
    /// Subscribers, imports and newsletter issues.
    ManageNewsletter,
    /// Export or erase everything held about a person.
    ManagePersonalData,
    /// Read the audit log.
    ReadAudit,
    /// See and change staff accounts and their tokens.
    ManageUsers,
}

impl Permission {
    pub const ALL: [Permission; 10] = [
        Permission::Read,
        Permission::ReadRegistrations,
        Permission::ManageEvents,
        Permission::ManageRegistrations,
        Permission::ManageInvitations,
        Permission::ManageOutbox,
        Permission::ManageNewsletter,
        Permission::ManagePersonalData,
        Permission::ReadAudit,
        Permission::ManageUsers,
    ];

    /// The roles that hold this permission: the table itself.
    pub fn roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Self::Read => &[Admin, Coordinator, NewsletterEditor, Viewer],
            Self::ReadRegistrations => &[Admin, Coordinator, Viewer],
            Self::ManageEvents
            | Self::ManageRegistrations
            | Self::ManageInvitations
            | Self::ManageOutbox => &[Admin, Coordinator],
            Self::ManageNewsletter => &[Admin, NewsletterEditor],
            Self::ManagePersonalData | Self::ReadAudit | Self::ManageUsers => &[Admin],
        }
    }

    /// The name used as the OpenAPI scope, e.g. `manage_events`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::ReadRegistrations => "read_registrations",
            Self::ManageEvents => "manage_events",
            Self::ManageRegistrations => "manage_registrations",
            Self::ManageInvitations => "manage_invitations",
            Self::ManageOutbox => "manage_outbox",
            Self::ManageNewsletter => "manage_newsletter",
            Self::ManagePersonalData => "manage_personal_data",
            Self::ReadAudit => "read_audit",
            Self::ManageUsers => "manage_users",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == value)
    }

    /// One sentence on what the permission covers, for the documentation.
    pub fn description(self) -> &'static str {
        match self {
            Self::Read => "read and export every list but registrations",
            Self::ReadRegistrations => "read and export the registrations of events",
            Self::ManageEvents => {
                "create, change, publish, cancel and delete events; agendas and scheduled mails"
            }
            Self::ManageRegistrations => {
                "approve, reject and remove registrations; resend their mails"
            }
            Self::ManageInvitations => "invite and follow up",
            Self::ManageOutbox => "retry failed mails, send test mails",
            Self::ManageNewsletter => "subscribers, imports and newsletter issues",
            Self::ManagePersonalData => "export or erase everything held about a person",
            Self::ReadAudit => "read and export the audit log",
            Self::ManageUsers => "see and change staff accounts and their tokens",
        }
    }

    /// The table as Markdown, one row per permission, one column per role.
    pub fn markdown_table() -> String {
        let mut table = String::from("| permission (OpenAPI scope) | covers |");
        for role in Role::ALL {
            table.push_str(&format!(" {role} |"));
        }
        table.push_str("\n| --- | --- |");
        table.push_str(&" :-: |".repeat(Role::ALL.len()));
        for permission in Self::ALL {
            table.push_str(&format!(
                "\n| `{}` | {} |",
                permission.as_str(),
                permission.description()
            ));
            for role in Role::ALL {
                table.push_str(if role.may(permission) { " yes |" } else { " |" });
            }
        }
        table.push('\n');
        table
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_may_do_everything_and_viewers_only_read() {
        let reading = [Permission::Read, Permission::ReadRegistrations];
        for permission in Permission::ALL {
            assert!(Role::Admin.may(permission), "{permission:?}");
            assert_eq!(
                Role::Viewer.may(permission),
                reading.contains(&permission),
                "{permission:?}"
            );
        }
        assert!(!Role::NewsletterEditor.may(Permission::ReadRegistrations));
    }

    #[test]
    fn roles_and_permissions_parse_from_their_names() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        for permission in Permission::ALL {
            assert_eq!(Permission::parse(permission.as_str()), Some(permission));
        }
        let error = Role::parse("owner").unwrap_err();
        assert_eq!(error.code, "unknown_role");
        assert!(
            error.message.contains("newsletter_editor"),
            "{}",
            error.message
        );
    }

    #[test]
    fn the_readme_shows_the_table_as_the_code_has_it() {
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains(&Permission::markdown_table()),
            "README.md must contain this table:\n{}",
            Permission::markdown_table()
        );
    }
}
