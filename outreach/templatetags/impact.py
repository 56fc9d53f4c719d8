from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def percent(rate: float) -> str:
    """0.25 as "25.0", in the language's own way of writing decimals."""
    return floatformat(rate * 100, 1)
