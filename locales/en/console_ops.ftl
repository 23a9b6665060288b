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
