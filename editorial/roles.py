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
