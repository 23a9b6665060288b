# Public pages: the frame around every page.
page-skip-to-content = Skip to content
page-languages = Language
page-imprint = Legal notice
page-privacy = Privacy notice
page-contact = Contact
page-new-tab = opens in a new tab

# Public pages: events, an event, the privacy notice.
page-not-found-title = Page not found
page-not-found-text = There is nothing at this address. The event may have been removed, or the address may be incomplete.
page-back-to-events = All events
events-title = Events
events-past-title = Past events
events-none = No events match your selection.
events-filter-heading = Filter events
events-filter-topic = Topic
events-filter-series = Series
events-filter-language = Conference language
events-filter-format = Format
events-filter-any = Any
events-filter-submit = Show events
events-filter-refused = This selection cannot be shown. Please choose again.
events-paging = More events
events-next-page = Next page
events-show-past = Past events
events-show-upcoming = Upcoming events
events-atom-feed = News feed of these events (Atom)
events-calendar-feed = Subscribe in your calendar (iCalendar)
event-format = Format
event-format-online = Online
event-format-in-person = On site
event-format-hybrid = On site and online
event-registration = Registration
event-registration-open = Registration is open.
event-registration-waitlist = All seats are taken; new registrations join the waiting list.
event-registration-closed = Registration is closed.
event-cancelled = This event has been cancelled.
event-about = About the event
event-agenda = Agenda
event-contacts = Contacts
event-add-to-calendar = Add to your calendar (.ics)
privacy-version = Version: { $version }
event-register = Register now

# Forms: what every form says.
form-required-note = All fields are required unless marked as optional.
form-optional = optional
form-choose = Please choose
form-error-summary = There is a problem
form-error-prefix = Error:
form-honeypot = Leave this field empty
form-privacy-link = Read the privacy notice
form-expired-title = This form has expired
form-expired-text = This form has expired or was not sent from this website, so nothing was saved. Please reload the page and send the form again.
form-expired-reload = Reload the form
form-error-too-long = Enter at most { $max } characters.
form-error-one-line = Enter this on a single line, without special characters.
form-error-name = Enter your name.
form-error-email = Enter an email address in the correct format, like name@example.org.
form-error-organisation = Enter the name of your organisation.
form-error-organisation-type = Choose the type of your organisation.
form-error-country = Choose your country.
form-error-language = Choose the language of the mails.
form-error-timezone = Choose a time zone from the list.
form-error-topics = Choose topics from the list.
form-error-consent = Tick the box to give your consent.
form-error-invalid = Please check this entry.

# The registration form of an event.
form-register-title = Registration
form-register-title-event = Register: { $event }
form-register-button = Register
form-back-to-event = Back to the event
form-event-page = The event's page
form-label-position = Position
form-label-timezone = Your time zone
form-timezone-hint = Mails also show the event's times in your time zone.
form-timezone-none = Only the event's time zone
form-invitation-unknown = This invitation link does not work for this event (any more). You can still register with the form.

# The newsletter's subscription form.
newsletter-form-title = Subscribe to the newsletter
newsletter-form-intro = Receive news about our events and dialogue programmes by email. You will first get a mail with a link to confirm your subscription.
newsletter-form-topics = Topics
newsletter-form-topics-hint = Choose none to receive every issue.
newsletter-form-consent = I agree to receive the newsletter by email. I can unsubscribe at any time.
newsletter-form-button = Subscribe
newsletter-form-check-inbox = Please check your inbox: we have sent you a link to confirm your subscription.
