-- What happens around an event after it is announced: its agenda, when the access link goes
-- out, reminders, a follow-up, and which changes registrants have already been told about.
CREATE TABLE event_plans (
    event_id TEXT PRIMARY KEY NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    -- JSON array of agenda items with UTC instants, sorted by start.
    agenda TEXT NOT NULL DEFAULT '[]',
    agenda_published BOOLEAN NOT NULL DEFAULT FALSE,
    -- The event's start when the agenda was written: when the event moves, so does the agenda.
    agenda_event_start TIMESTAMP,
    -- Rises with each change of a published agenda that registrants are to hear about.
    agenda_version INTEGER NOT NULL DEFAULT 0,
    -- When the coalesced agenda mail goes out; NULL when none is pending.
    agenda_mail_due_at TIMESTAMP,
    -- NULL: the access link goes out with the confirmation; else hours before the start.
    access_link_hours_before INTEGER,
    -- Confirmations went out without the link, which is released now: one mailing owes it.
    access_link_owed BOOLEAN NOT NULL DEFAULT FALSE,
    -- JSON array of whole hours before the start.
    reminder_hours TEXT NOT NULL DEFAULT '[24,1]',
    follow_up_message TEXT,
    follow_up_url TEXT,
    follow_up_hours_after INTEGER NOT NULL DEFAULT 24,
    -- The event's calendar sequence that registrants were last mailed about.
    notified_sequence INTEGER NOT NULL DEFAULT 0,
    cancel_notified BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX event_plans_agenda_due ON event_plans (agenda_mail_due_at);

-- Scheduled mailings already done for an event, e.g. `reminder:24h:2030-10-07T11:00:00`.
-- Written in the transaction that queues the mails, so each one happens once.
CREATE TABLE schedule_marks (
    event_id TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    mark TEXT NOT NULL,
    recipients INTEGER NOT NULL,
    done_at TIMESTAMP NOT NULL,
    PRIMARY KEY (event_id, mark)
);

-- Existing events: everything up to now counts as told.
INSERT INTO event_plans (event_id, notified_sequence, cancel_notified, updated_at)
SELECT id, sequence, status = 'cancelled', updated_at FROM events;
