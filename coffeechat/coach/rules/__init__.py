"""Every rule module is imported here, which registers its rules with the engine."""

import coffeechat.coach.rules.request  # noqa: F401
import coffeechat.coach.rules.thankyou  # noqa: F401
from coffeechat.coach.rules import questions  # noqa: F401
