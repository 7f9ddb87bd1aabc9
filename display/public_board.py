"""The public board (/cong-khai, "công khai": made public): the centre's figures today and this
month — tickets served, median wait, share called on time, satisfaction, per area — for a
second hall TV or the centre's website (it may be framed). No login and no personal data:
the page reads GET /api/v1/public/figures every minute."""
from flask import Blueprint, current_app, render_template, request

bp = Blueprint("public_board", __name__, template_folder="templates")


@bp.get("/cong-khai")
def public_board():
    """The board. Query: lang=en (English lines too) | theme=light (for a web page)."""
    hall = current_app.extensions["luot"].config
    return render_template("display/public_board.html", hall=hall,
                           english=request.args.get("lang") == "en",
                           light=request.args.get("theme") == "light")
