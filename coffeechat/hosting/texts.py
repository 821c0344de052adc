"""The starting texts a host edits: written in our own words, following the method.

A good request names what the asker hopes to learn, comes with specific questions, keeps to the
time it asked for, and never turns the conversation into a job ask. The host's page says so in
the host's own voice, so the asker reads it before writing.
"""

HOW_TO = """\
I enjoy these conversations, and they go best when:

- you tell me what you hope to learn, in a sentence or two;
- you bring two or three specific questions that you could not answer from my profile or a \
search;
- we keep to the time we agreed: I will watch the clock, and you are welcome to as well;
- you treat it as a conversation about the work, not a job interview. I cannot help with \
applications or referrals here, and will not be offended if you don't ask.

Afterwards, a short note on what you took from it is always welcome."""

DECLINE = """\
Hello {first_name},

Thank you for writing, and for the care you put into your questions. I can't take on this \
conversation at the moment, so I'm saying no now rather than leaving you waiting.

Good luck with what you are exploring."""
