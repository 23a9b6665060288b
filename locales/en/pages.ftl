# Public pages: the frame around every page.
page-skip-to-content = Skip to content
page-languages = Language
page-imprint = Legal notice
page-privacy = Privacy notice
page-contact = Contact
