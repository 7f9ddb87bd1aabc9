"""The province's view of its branch halls (/province/branches): which are connected and
since when, how far each one's forwarded record has reached, the lag, and today's figures of
the connected ones (computed from the projection of their record). Province accounts, and
managers and admins of the province server; the JSON is GET /api/v1/province/branches."""
from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for
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


@bp.get("/province/branches/<hall_id>/config")
@login_required
def branch_config_page(hall_id: str):
    """A branch's hall file, to read (managers, province accounts) or to edit and send down
    (the province server's admins): the text the branch runs, or the one already sent."""
    import tomli_w
    from store.branches import branch_config
    luot, me = current_app.extensions["luot"], session_principal()
    if me.role not in MANAGING_ROLES + PROVINCE_ROLES:
        return render_template("admin/forbidden.html", hall=luot.config, me=me), 403
    deployment = current_app.extensions["deployment"]
    found = branch_config(deployment.engine, hall_id[:40])
    if found is None:
        return render_template("not_found.html", hall=luot.config,
                               back=url_for("province_branches.branches_page")), 404
    shown = found["desired"] or found["running"]
    text = tomli_w.dumps(shown["config"]) if shown and shown["config"] is not None else ""
    return render_template("admin/branch_config.html", hall=luot.config, me=me, branch=found,
                           text=text, editable=me.role == "admin")
