def roles(request):
    """What the current user may do, for showing or hiding buttons (the views check again)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"can_edit": False, "can_delete": False, "is_admin": False}
    groups = {g.name for g in user.groups.all()}
    is_admin = user.is_superuser or "admin" in groups
    return {
        "can_edit": is_admin or "officer" in groups,
        "can_delete": is_admin,
        "is_admin": is_admin,
        "role_names": sorted(groups),
    }
