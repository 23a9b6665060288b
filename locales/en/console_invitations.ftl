# The console's invitations of an event: the table, the form with its preview, the follow-up.
console-invitations-link = Invitations
console-invitations-of = Invitations: { $event }
console-invitations-caption = Invitations in the order they were sent
console-invitations-none = No invitations with this status.
console-invitation-sent = sent, no answer yet
console-invitation-registered = registered
console-invitation-declined = declined
console-invitation-failed = could not be delivered
console-invitation-language = Language of the mails
console-invitation-source = Invited as
console-invitation-source-subscriber = newsletter subscriber
console-invitation-source-invitee = named invitee
console-invitation-invited = Invited
console-invitation-followed-up = Follow-up sent
console-invitations-sent = { $count ->
    [0] Nobody new is invited
    [one] One person is invited
   *[other] { $count } people are invited
}; { $skipped ->
    [0] nobody was left out.
    [one] one address was left out.
   *[other] { $skipped } addresses were left out.
} Newsletter subscribers are mailed in the background.
console-invite-link = Invite people
console-back-to-invitations = Back to the invitations
console-follow-up-link = { $count ->
    [one] Send the follow-up to the one invitee who has not answered
   *[other] Send the follow-up to the { $count } invitees who have not answered
}
console-follow-up-title = Follow-up: { $event }
console-follow-up-explains = { $count ->
    [0] Nobody is waiting for a follow-up: every invitee has answered or has had one already.
    [one] One invitee who has neither registered nor declined gets the one reminder that registration closes soon. Nobody gets it twice.
   *[other] { $count } invitees who have neither registered nor declined get the one reminder that registration closes soon. Nobody gets it twice.
}
console-follow-up-button = Send the follow-up
console-follow-up-sent = { $count ->
    [0] Nobody was waiting for the follow-up.
    [one] The follow-up is on its way to one invitee.
   *[other] The follow-up is on its way to { $count } invitees.
}

## The form
console-invite-title = Invite to { $event }
console-invite-intro = Invite newsletter subscribers, people named in a list, or both. Each gets a personal link to register and one to decline. You see who will be invited and who is left out before anything is sent.
console-invite-subscribers = Invite newsletter subscribers
console-invite-subscribers-hint = Only subscribers who confirmed their subscription are invited.
console-invite-topics = Subscribers interested in
console-invite-topics-hint = None ticked: subscribers of every topic. Subscribers who chose no topic are always included.
console-invite-languages = Subscribers reading
console-invite-languages-hint = None ticked: subscribers of every language.
console-invite-list = Named invitees (CSV)
console-invite-list-hint = Paste a list with the header line name,email,organisation,organisation_type,country,language — only email is required; up to 60,000 characters (larger lists through the API).
console-invite-preview-button = Preview
console-invite-preview-heading = Who will be invited
console-invite-subscribers-count = { $count ->
    [0] No newsletter subscriber will be invited
    [one] One newsletter subscriber will be invited
   *[other] { $count } newsletter subscribers will be invited
}{ $skipped ->
    [0] .
    [one] ; one is left out, already invited or registered.
   *[other] ; { $skipped } are left out, already invited or registered.
}
console-invite-named-caption = { $count ->
    [one] One person from the list will be invited
   *[other] { $count } people from the list will be invited
}
console-invite-skipped-caption = { $count ->
    [one] One address from the list is left out
   *[other] { $count } addresses from the list are left out
}
console-invite-reason = Why
console-invite-skipped-duplicate = named twice in the list
console-invite-skipped-registered = already registered
console-invite-skipped-invited = already invited
console-invite-nobody-new = Nobody new would be invited.
console-invite-send-button = { $count ->
    [one] Send one invitation
   *[other] Send { $count } invitations
}
console-invite-changed = The form changed after its preview. Check who will be invited and send again.
console-invite-error-line = Line { $line }: { $problem }
console-invite-error-nobody = Tick "Invite newsletter subscribers", paste a list, or both.
console-invite-error-empty = The list names nobody: add lines below the header line.
console-invite-error-too-many = The list names more than 5,000 people; send it in parts.
console-invite-error-header = The header line names a column that is not one of name, email, organisation, organisation_type, country, language.
console-invite-error-unreadable = The list cannot be read as CSV: check its commas and quotes.

## Subscribers invited in the background
console-inviting-label = Newsletter subscribers invited
console-inviting-status = Inviting subscribers
console-inviting-counts = { $done } of { $total } invited so far
console-inviting-done = Done
console-inviting-done-text = every subscriber chosen is invited.
console-inviting-refresh = Refresh the progress
