# The console's outbox, people and audit log sections.
console-filter-button = Show

## Outbox
console-outbox-title = Outbox
console-outbox-caption = Mails, newest first: { $status }
console-outbox-empty = There are no mails with this status.
console-outbox-status = Status
console-outbox-status-all = all
console-outbox-status-pending = waiting to be sent
console-outbox-status-sent = sent
console-outbox-status-failed = failed
console-outbox-recipient = Recipient
console-outbox-subject = Subject
console-outbox-kind = Kind
console-outbox-attempts = Attempts
console-outbox-last-error = Last error
console-outbox-queued = Queued
console-outbox-sent = Sent
console-outbox-action = Action
console-outbox-retry = Retry
console-outbox-retry-to = the mail to { $recipient }
console-outbox-retried = The mail is queued again and will be sent shortly.

## People
console-people-title = People
console-people-email-hint = Everything held about this address is shown: subscriptions, registrations, invitations and mails.
console-people-lookup-button = Look up
console-people-found = Held about { $email }
console-people-nothing = Nothing is held about this address.
console-people-subscriptions = Newsletter subscriptions
console-people-registrations = Registrations
console-people-invitations = Invitations
console-people-mails = Mails
console-people-state = State
console-people-topics = Topics
console-people-language = Language
console-people-since = Since
console-people-consents = Consent records
console-people-event = Event
console-people-organisation = Organisation
console-people-invited = Invited
console-people-declined = Declined
console-people-subscription-unconfirmed = not yet confirmed
console-people-subscription-confirmed = confirmed
console-people-subscription-unsubscribed = unsubscribed
console-people-download = Download the export (JSON)
console-people-erase-link = Erase everything held about this address
console-people-erase-title = Erase a person's data
console-people-erase-intro = This erases everything held about { $email }:
console-people-erase-subscriptions = Newsletter subscriptions, deleted with their consent records: { $count }
console-people-erase-registrations = Registrations, kept without personal data (a seat held is given up): { $count }
console-people-erase-invitations = Invitations, kept without personal data: { $count }
console-people-erase-mails = Mails, those not yet sent deleted and the others kept without recipient and content: { $count }
console-people-erase-warning = This cannot be undone. The audit log records that an erasure took place, but not whose.
console-people-erase-button = Erase
console-people-erase-cancel = Cancel and go back
console-people-erased = Everything held about the address is erased:
