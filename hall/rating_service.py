"""Rating a served ticket: from the counter's rating screen, the phone page or a rating keypad."""
from __future__ import annotations

from datetime import timedelta

from . import events as ev
from .clock import iso
from .errors import Forbidden, IllegalTransition, InvalidInput, NotFound
from .model import Ticket
from .public import public_id
from .ratings import SOURCES, Rating
from .states import TicketStatus
from .unit_of_work import UnitOfWork, Work

MAX_REASONS = 5
INVITE_GRACE_SECONDS = 5   # a screen's last tap reaches the server just after its countdown


def rating_view(rating: Rating, number: str) -> dict:
    """A rating as the record keeps it (no personal data of the citizen; the clerk and the
    dossier code are for staff — public screens get less, see hall/public.py)."""
    return {"ticket": rating.ticket_id, "number": number, "level": rating.level,
            "reasons": list(rating.reasons), "source": rating.source, "area": rating.area_id,
            "counter": rating.counter, "business_date": rating.business_date.isoformat(),
            "at": iso(rating.at), "clerk": rating.clerk, "dossier_code": rating.dossier_code}


class Ratings:
    """Citizens rate the service they received; one rating per served ticket."""

    def __init__(self, config, uow: UnitOfWork):
        self.config, self.uow = config, uow

    def _check(self, level, reasons, source) -> tuple[int, tuple[str, ...]]:
        scale = self.config.rating
        if isinstance(level, bool) or not isinstance(level, int) or \
                level not in {lv.value for lv in scale.levels}:
            raise InvalidInput("Mức đánh giá không hợp lệ (unknown rating level)",
                               code="invalid_level")
        if source not in SOURCES:
            raise InvalidInput("Nguồn đánh giá không hợp lệ (unknown source)", code="invalid_source")
        reasons = reasons or []
        known = {r.id for r in scale.reasons}
        if not isinstance(reasons, (list, tuple)) or len(reasons) > MAX_REASONS or \
                not all(isinstance(r, str) and r in known for r in reasons):
            raise InvalidInput("Lý do không hợp lệ (unknown reason)", code="invalid_reason")
        if reasons and level != scale.lowest:
            raise InvalidInput("Chỉ chọn lý do khi chưa hài lòng (reasons go with the lowest level)",
                               code="invalid_reason")
        return level, tuple(dict.fromkeys(reasons))

    def rate(self, ticket_id, level, reasons=(), source: str = "phone", counter: int | None = None,
             actor: str | None = None) -> dict:
        """Rate a served ticket (a transferred one is rated where it was finally served).
        `counter` limits it to tickets served at that counter (a counter's rating screen)."""
        level, reasons = self._check(level, reasons, source)
        if not isinstance(ticket_id, str) or not 1 <= len(ticket_id) <= 64:
            raise NotFound("Không tìm thấy phiếu (no such ticket)", code="unknown_ticket")

        def op(work: Work):
            ticket = self._final(work, work.tx.get_ticket(ticket_id))
            if counter is not None and ticket.counter != counter:
                raise Forbidden(f"Phiếu không được phục vụ tại quầy {counter} "
                                "(not served at this counter)", code="forbidden_counter")
            return self._record(work, ticket, level, reasons, source)
        return self.uow.run(actor, op)

    def rate_at_counter(self, counter_no: int, level, source: str = "keypad",
                        actor: str | None = None, shown: str | None = None,
                        reasons=()) -> dict:
        """Rate the ticket the counter finished last, while its invitation lasts. A screen
        that shows the ticket by its public id passes it as `shown`: if the counter has
        finished someone else since, nothing is rated (`not_invited`)."""
        level, reasons = self._check(level, reasons, source)
        grace = INVITE_GRACE_SECONDS if shown is not None else 0
        window = timedelta(seconds=self.config.rating.invite_seconds + grace)

        def op(work: Work):
            ticket = self._invited(work, counter_no, window)
            if shown is not None and public_id(ticket.id) != shown:
                raise IllegalTransition("Quầy đã phục vụ người khác sau lượt này (the counter "
                                        "has served someone else since)", code="not_invited")
            return self._record(work, ticket, level, reasons, source)
        return self.uow.run(actor, op)

    @staticmethod
    def _invited(work: Work, counter_no: int, window: timedelta) -> Ticket:
        ticket = work.tx.last_served(work.day, counter_no)
        if ticket is None or ticket.finished_at is None or work.now - ticket.finished_at > window:
            raise IllegalTransition("Không có lượt phục vụ nào đang chờ đánh giá "
                                    "(nothing to rate at this counter now)", code="nothing_to_rate")
        return ticket

    def open_for(self, ticket_id: str) -> bool:
        """Whether the ticket (or where it was finally served) can be rated now: served,
        today, not rated yet."""
        def query(work: Work):
            try:
                ticket = self._final(work, work.tx.get_ticket(ticket_id))
            except NotFound:
                return False
            return (ticket.status is TicketStatus.SERVED and ticket.business_date == work.day
                    and work.tx.get_rating(ticket.id) is None)
        return self.uow.read(query)

    def _final(self, work: Work, ticket: Ticket | None) -> Ticket:
        missing = NotFound("Không tìm thấy phiếu (no such ticket)", code="unknown_ticket")
        for _ in range(20):                       # follow transfers to where it was served
            if ticket is None:
                raise missing
            if ticket.status is not TicketStatus.TRANSFERRED or not ticket.transferred_to:
                return ticket
            ticket = work.tx.get_ticket(ticket.transferred_to)
        raise missing

    def _record(self, work: Work, ticket: Ticket, level, reasons, source) -> dict:
        if ticket.status is not TicketStatus.SERVED:
            raise IllegalTransition("Chỉ đánh giá được sau khi đã được phục vụ (not served yet)",
                                    code="not_served")
        if ticket.business_date != work.day:
            raise IllegalTransition("Đã hết hạn đánh giá cho phiếu này (rating closed at the end "
                                    "of its day)", code="rating_closed")
        if work.tx.get_rating(ticket.id) is not None:
            raise IllegalTransition("Phiếu này đã được đánh giá, xin cảm ơn (already rated)",
                                    code="already_rated")
        rating = Rating(ticket.id, ticket.hall_id, ticket.business_date, level, reasons, source,
                        work.now, ticket.area_id, ticket.counter, ticket.clerk, ticket.dossier_code)
        work.tx.add_rating(rating)
        view = rating_view(rating, ticket.number)
        work.record.event(ev.TICKET_RATED, {"rating": view}, ticket, ticket.counter)
        return view

    def rating_of(self, ticket_id: str) -> dict | None:
        """The rating of a ticket (or of where it was finally served), if any."""
        def query(work: Work):
            try:
                ticket = self._final(work, work.tx.get_ticket(ticket_id))
            except NotFound:
                return None
            rating = work.tx.get_rating(ticket.id)
            return rating_view(rating, ticket.number) if rating else None
        return self.uow.read(query)
