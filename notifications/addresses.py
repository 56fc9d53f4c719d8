"""Email addresses as the service stores and compares them."""


def normalise_email(address: str) -> str:
    """The one spelling of an address we store and look up: trimmed and lower case.

    Every place that stores, queues or looks up an address calls this, so `Sam@Example.org`
    typed into one form finds what `sam@example.org` left in another.
    """
    return address.strip().lower()
