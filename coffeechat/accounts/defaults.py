"""What every app agrees a meeting lasts when nobody has said otherwise (the profile's default,
hence here, in the lowest layer).

An information interview is a short ask: 20 minutes is what the method suggests requesting.
Profiles, conversations, meetings and request drafts all start from this one number.
"""

DEFAULT_MEETING_MINUTES = 20
