"""The newsroom's roles: Django groups made by a data migration (editorial/migrations/0001)
and editable in the admin afterwards. Code refers to them by these names."""

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"
APPROVER = "Duyệt bài"
OFFICE = "Văn phòng"
ADMINISTRATOR = "Quản trị"

ALL = (REPORTER, EDITOR, APPROVER, OFFICE, ADMINISTRATOR)
# Roles that must sign in with a second factor (and every superuser).
TWO_FACTOR_REQUIRED = (APPROVER, ADMINISTRATOR)


def staff_name(user, missing: str = "—") -> str:
    """How the newsroom names a staff member: the full name (family name first, as Vietnamese
    names are written), else the user name; ``missing`` for no one (a deleted account)."""
    if user is None:
        return missing
    return user.get_full_name() or user.get_username()
