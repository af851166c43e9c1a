"""The polls blueprint, shared by the public and the staff views."""

from flask import Blueprint, request

from cms.core.access import check_role

bp = Blueprint("polls", __name__)
STAFF_PREFIX = "/quan-tri/binh-chon"


@bp.before_request
def _guard_staff_routes():
    """Every route under the staff prefix needs an editor (new ones too, by default)."""
    if request.path.startswith(STAFF_PREFIX):
        return check_role("editor")
    return None
