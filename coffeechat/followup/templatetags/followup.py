from django import template

register = template.Library()


@register.simple_tag
def keep_in_touch_panel(contact) -> dict:
    """Data for followup/keep_in_touch_panel.html: cadence, saved and shared items, reasons."""
    from coffeechat.followup.reasons import panel_for

    return panel_for(contact)
