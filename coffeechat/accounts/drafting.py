"""What the drafts Coffeechat writes take from the user's profile, and what they miss.

Every composer (requests, thank-yous, close-the-loop updates, keep-in-touch check-ins) names the
user the same way, and says the same thing when a draft needs a profile field that is empty.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist

# A slot filled from the profile -> how the composer names it when the profile has none.
PROFILE_FIELDS: dict[str, str] = {
    "my_name": "your name",
    "my_phone": "your phone number",
    "my_email": "your e-mail address",
    "signature": "your signature",
}


def _profile(user):
    try:
        return user.profile
    except ObjectDoesNotExist:
        return None


def name_for_drafts(user) -> str:
    """The name a draft introduces the user by and signs with: the name they go by, else their
    profile name, else the account's first and last name; empty when none is known (a draft
    never signs with a user name such as "alice42")."""
    profile = _profile(user)
    if profile is not None:
        chosen = profile.preferred_name.strip() or profile.full_name.strip()
        if chosen:
            return chosen
    return user.get_full_name().strip()


def profile_values(user) -> dict[str, str]:
    """The slots a draft fills from the profile."""
    profile = _profile(user)
    return {
        "my_name": name_for_drafts(user),
        "my_phone": profile.phone.strip() if profile else "",
        "my_email": (user.email or "").strip(),
        "signature": profile.signature.strip() if profile else "",
    }


def missing_fields(values: dict[str, str], needs: tuple[str, ...]) -> list[str]:
    """What a draft needs from the profile and does not have ("your name"), in `needs` order."""
    return [PROFILE_FIELDS[name] for name in needs if not values.get(name)]
