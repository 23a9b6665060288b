invitation-seats-left =
    { $seats ->
        [one] { $seats } seat left.
       *[other] { $seats } seats left.
    }
invitation-seats-waitlist = All seats are taken; registering puts you on the waitlist.
invitation-follow-up-subject = Reminder: invitation:
invitation-follow-up-intro = we would like to remind you of our invitation.
invitation-closes-on = Registration closes on { $date }.
invitation-decline-note = Cannot take part? Let us know and we will not remind you again:
invitation-decline-button = Decline
invitation-unsubscribe-note = You receive this invitation as a subscriber to our newsletter.
invitation-unsubscribe = Unsubscribe
invitation-page-register-text = Your details are filled in. Please check them and register.
invitation-label-name = Name
invitation-label-email = Email
invitation-email-note = With a different address you will first get a confirmation mail.
invitation-label-organisation = Organisation
invitation-organisation-type-municipality = Municipality
invitation-organisation-type-ministry = Ministry
invitation-organisation-type-agency = Government agency
invitation-organisation-type-ngo = Non-governmental organisation
invitation-organisation-type-academia = Academia or research
invitation-organisation-type-business = Business
invitation-organisation-type-other = Other
invitation-label-organisation-type = Type of organisation
invitation-label-country = Country
# The language's own name, offered where a reader chooses the language of their mails.
invitation-language-name = English
invitation-label-language = Language of the mails
invitation-consent = I agree to the processing of my details for this event.
invitation-page-decline-text = Do you want to decline the invitation?
invitation-page-declined = Thank you for letting us know. We will not remind you of this event again.
invitation-page-check-inbox = Please check your inbox: we have sent you a confirmation link.
