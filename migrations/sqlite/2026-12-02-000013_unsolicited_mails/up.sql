-- How many mails anonymous requests (registration and newsletter opt-ins, and the answers to
-- repeated requests) caused to one mailbox within its current day: the cap on them must hold
-- across processes. The mailbox is kept as the SHA-256 of its lower-cased address, not in clear.
CREATE TABLE unsolicited_mails (
    recipient_hash TEXT PRIMARY KEY NOT NULL,
    window_start TIMESTAMP NOT NULL,
    mails INTEGER NOT NULL
);
CREATE INDEX unsolicited_mails_window ON unsolicited_mails (window_start);
