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

# Readers' feedback ("Ý kiến bạn đọc", app website): who reads and answers it, as permission
# codenames of website.ReaderFeedback, granted by website/migrations/0002 (a copy: a migration
# keeps meaning what it meant). Each sees the feedback on what they may change: articles
# (Biên tập viên), documents (Văn phòng), both (Duyệt bài, who may also delete spam).
READER_FEEDBACK = {
    EDITOR: ("view_readerfeedback", "change_readerfeedback"),
    APPROVER: ("view_readerfeedback", "change_readerfeedback", "delete_readerfeedback"),
    OFFICE: ("view_readerfeedback", "change_readerfeedback"),
}


def staff_name(user, missing: str = "—") -> str:
    """How the newsroom names a staff member: the full name (family name first, as Vietnamese
    names are written), else the user name; ``missing`` for no one (a deleted account)."""
    if user is None:
        return missing
    return user.get_full_name() or user.get_username()
