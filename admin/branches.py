"""The province's view of its branch halls (/province/branches): which are connected and
since when, how far each one's forwarded record has reached, the lag, and today's figures of
the connected ones (computed from the projection of their record). Province accounts, and
managers and admins of the province server; the JSON is GET /api/v1/province/branches."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template
from flask_login import login_required

from accounts.web import session_principal
from api.auth import MANAGING_ROLES, PROVINCE_ROLES
from api.province import branch_overview

bp = Blueprint("province_branches", __name__, template_folder="templates")


@bp.get("/province/branches")
@login_required
def branches_page():
    luot, me = current_app.extensions["luot"], session_principal()
    if me.role not in MANAGING_ROLES + PROVINCE_ROLES:
        return render_template("admin/forbidden.html", hall=luot.config, me=me), 403
    deployment = current_app.extensions["deployment"]
    from hall.clock import iso
    return render_template("admin/branches.html", hall=luot.config, me=me,
                           rows=branch_overview(deployment), now=iso(deployment.clock.now()))
