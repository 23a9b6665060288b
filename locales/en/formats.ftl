# The CLDR locale whose conventions ICU4X writes dates, times and zones in for this language,
# and names languages and countries with: its code, or the code with a region whose conventions
# suit its readers best (en-GB writes "Wednesday 7 October 2020, 13:00").
formatting-locale = en-GB
