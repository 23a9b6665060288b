//! The console's sections, as the bar on every signed-in page links them: only those the
//! account's role may open, the current one marked.

use crate::accounts::{Permission, Role};
use crate::i18n::Locale;

/// A section of the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Dashboard,
    Events,
    Outbox,
    Newsletter,
    People,
    Audit,
    Users,
}

impl Section {
    const ALL: [Section; 7] = [
        Section::Dashboard,
        Section::Events,
        Section::Outbox,
        Section::Newsletter,
        Section::People,
        Section::Audit,
        Section::Users,
    ];

    /// Where the section starts.
    pub fn href(self) -> &'static str {
        match self {
            Self::Dashboard => "/console",
            Self::Events => "/console/events",
            Self::Outbox => "/console/outbox",
            Self::Newsletter => "/console/newsletter",
            Self::People => "/console/people",
            Self::Audit => "/console/audit",
            Self::Users => "/console/users",
        }
    }

    /// The message that names the section.
    fn text(self) -> &'static str {
        match self {
            Self::Dashboard => "console-nav-dashboard",
            Self::Events => "console-nav-events",
            Self::Outbox => "console-nav-outbox",
            Self::Newsletter => "console-nav-newsletter",
            Self::People => "console-nav-people",
            Self::Audit => "console-nav-audit",
            Self::Users => "console-nav-users",
        }
    }

    /// What a role needs to open the section.
    fn needs(self) -> Permission {
        match self {
            Self::Dashboard | Self::Events | Self::Outbox | Self::Newsletter => Permission::Read,
            Self::People => Permission::ManagePersonalData,
            Self::Audit => Permission::ReadAudit,
            Self::Users => Permission::ManageUsers,
        }
    }
}

/// One link of the bar.
pub struct NavLink {
    pub href: &'static str,
    pub text: String,
    pub current: bool,
}

/// The links `role` may follow, in `t`, with `current` marked.
pub fn links(t: Locale, role: Role, current: Option<Section>) -> Vec<NavLink> {
    Section::ALL
        .into_iter()
        .filter(|s| role.may(s.needs()))
        .map(|s| NavLink {
            href: s.href(),
            text: t.text(s.text()),
            current: current == Some(s),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_sees_only_the_sections_it_may_open() {
        let t = Locale::fallback();
        let hrefs = |role| {
            links(t, role, None)
                .into_iter()
                .map(|l| l.href)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            hrefs(Role::Viewer),
            [
                "/console",
                "/console/events",
                "/console/outbox",
                "/console/newsletter"
            ]
        );
        assert_eq!(hrefs(Role::Admin).len(), Section::ALL.len());
        let current = links(t, Role::Admin, Some(Section::Events));
        assert!(
            current
                .iter()
                .filter(|l| l.current)
                .all(|l| l.href == "/console/events")
        );
        assert_eq!(current.iter().filter(|l| l.current).count(), 1);
    }
}
