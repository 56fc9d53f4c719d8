def user_display(user) -> str:
    """How allauth names a person on pages and in emails: by email, never a username."""
    return user.email
