from crm.roles import user_role


def roles(request):
    """Whether the current user is an administrator, for the admin-only menu entries (the trash page checks the role
    too). Buttons for domain records are gated on `perms` in the templates, never on the role."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"is_admin": False}
    return {"is_admin": user_role(user) == "admin"}
