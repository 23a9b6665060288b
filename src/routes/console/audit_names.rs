//! The audit log's actions and kinds of object as the console names them, in the reader's
//! language (the log stores them as identifiers, which the CSV export keeps).

use crate::audit::Action;

/// The message that names `action`.
pub fn action_text(action: Action) -> &'static str {
    match action {
        Action::EventPublished => "console-action-event-published",
        Action::EventCancelled => "console-action-event-cancelled",
        Action::EventMoved => "console-action-event-moved",
        Action::EventDeleted => "console-action-event-deleted",
        Action::AgendaPublished => "console-action-agenda-published",
        Action::RegistrationApproved => "console-action-registration-approved",
        Action::RegistrationRejected => "console-action-registration-rejected",
        Action::RegistrationRemoved => "console-action-registration-removed",
        Action::RegistrantsExported => "console-action-registrants-exported",
        Action::SubscribersExported => "console-action-subscribers-exported",
        Action::SubscribersImported => "console-action-subscribers-imported",
        Action::SubscriberDeleted => "console-action-subscriber-deleted",
        Action::IssueSent => "console-action-issue-sent",
        Action::IssuePaused => "console-action-issue-paused",
        Action::IssueCancelled => "console-action-issue-cancelled",
        Action::InvitationsSent => "console-action-invitations-sent",
        Action::InvitationFollowUpSent => "console-action-invitation-follow-up-sent",
        Action::PersonExported => "console-action-person-exported",
        Action::PersonErased => "console-action-person-erased",
        Action::UserCreated => "console-action-user-created",
        Action::UserDisabled => "console-action-user-disabled",
        Action::TokenCreated => "console-action-token-created",
        Action::TokenRevoked => "console-action-token-revoked",
        Action::SignedIn => "console-action-signed-in",
        Action::SignInFailed => "console-action-sign-in-failed",
        Action::SignedOut => "console-action-signed-out",
        Action::PasswordSet => "console-action-password-set",
        Action::PasswordLinkIssued => "console-action-password-link-issued",
        Action::TwoFactorEnabled => "console-action-two-factor-enabled",
        Action::TwoFactorDisabled => "console-action-two-factor-disabled",
        Action::TwoFactorRequired => "console-action-two-factor-required",
    }
}

/// The message that names the kind of object `object_type` (as stored), if it is one the
/// actions name.
pub fn object_text(object_type: &str) -> Option<&'static str> {
    Some(match object_type {
        "event" => "console-object-event",
        "newsletter_issue" => "console-object-newsletter-issue",
        "person" => "console-object-person",
        "registration" => "console-object-registration",
        "subscriber" => "console-object-subscriber",
        "subscribers" => "console-object-subscribers",
        "token" => "console-object-token",
        "user" => "console-object-user",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_and_its_object_have_a_name() {
        let t = crate::i18n::Locale::fallback();
        for action in Action::ALL {
            assert!(!t.text(action_text(action)).starts_with("console-"));
            let object = object_text(action.names().1).expect("a kind of object with a name");
            assert!(!t.text(object).starts_with("console-"));
        }
    }
}
