"""Citizens rate served tickets: one rating each, tied to ticket, counter, clerk and area."""
import pytest

from hall.config import parse_config
from hall.errors import ConfigError, Forbidden, IllegalTransition, InvalidInput, NotFound

from .conftest import BASE


def _served(service, area="dat-dai", counter=2):
    ticket = service.issue_ticket(area)
    service.call_next(counter, actor="user:7:Nguyễn Thị Lan")
    service.attach_dossier(counter, "000.00.12.H56-261130-0001", actor="user:7:Nguyễn Thị Lan")
    service.done(counter, actor="user:7:Nguyễn Thị Lan")
    return ticket


def test_a_served_ticket_is_rated_once_and_the_rating_is_an_event(hall, service, published):
    ticket = _served(service)
    rating = hall.ratings.rate(ticket["id"], 3, source="phone")
    assert (rating["level"], rating["counter"], rating["area"]) == (3, 2, "dat-dai")
    event = [e for e in published if e.name == "ticket_rated"][0]
    assert event.payload["rating"]["ticket"] == ticket["id"]
    with pytest.raises(IllegalTransition) as error:
        hall.ratings.rate(ticket["id"], 1, ["thai-do"], source="screen")
    assert error.value.code == "already_rated"


def test_the_rating_keeps_the_clerk_and_the_dossier_code(hall, service):
    ticket = _served(service)
    hall.ratings.rate(ticket["id"], 2, source="screen")
    stored = hall.uow.store.data.ratings[ticket["id"]]
    assert stored.clerk == "user:7:Nguyễn Thị Lan"
    assert stored.dossier_code == "000.00.12.H56-261130-0001"


def test_an_unserved_or_unknown_ticket_cannot_be_rated(hall, service):
    waiting = service.issue_ticket("dat-dai")
    with pytest.raises(IllegalTransition) as error:
        hall.ratings.rate(waiting["id"], 3)
    assert error.value.code == "not_served"
    with pytest.raises(NotFound):
        hall.ratings.rate("no-such-ticket", 3)


def test_reasons_go_only_with_the_lowest_level_and_from_the_list(hall, service):
    ticket = _served(service)
    with pytest.raises(InvalidInput):
        hall.ratings.rate(ticket["id"], 3, ["thai-do"])
    with pytest.raises(InvalidInput):
        hall.ratings.rate(ticket["id"], 1, ["anything I like"])
    with pytest.raises(InvalidInput):
        hall.ratings.rate(ticket["id"], 7)
    assert hall.ratings.rate(ticket["id"], 1, ["thai-do", "thoi-gian-cho"])["reasons"] == [
        "thai-do", "thoi-gian-cho"]


def test_a_transferred_ticket_is_rated_where_it_was_served(hall, service):
    ticket = service.issue_ticket("dat-dai")
    service.call_next(2)
    service.transfer(2, "tu-phap")
    service.call_next(2)
    service.done(2)
    assert hall.ratings.rate(ticket["id"], 3)["ticket"] != ticket["id"]   # the served copy
    assert hall.ratings.rating_of(ticket["id"])["level"] == 3


def test_the_counter_screen_rates_only_its_own_counters_tickets(hall, service):
    ticket = _served(service, counter=2)
    with pytest.raises(Forbidden):
        hall.ratings.rate(ticket["id"], 3, source="screen", counter=1)


def test_a_rating_keypad_rates_the_ticket_just_finished_while_it_is_invited(hall, service, clock):
    ticket = _served(service)
    clock.advance(seconds=20)
    assert hall.ratings.rate_at_counter(2, 2)["ticket"] == ticket["id"]
    _served(service)
    clock.advance(seconds=31)
    with pytest.raises(IllegalTransition) as error:
        hall.ratings.rate_at_counter(2, 3)
    assert error.value.code == "nothing_to_rate"


def test_a_rating_after_the_business_day_is_refused(hall, service, clock):
    ticket = _served(service)
    clock.advance(days=1)
    with pytest.raises(IllegalTransition) as error:
        hall.ratings.rate(ticket["id"], 3)
    assert error.value.code == "rating_closed"


def test_the_default_scale_has_three_levels_and_reasons_for_the_lowest(config):
    scale = config.rating
    assert [lv.label for lv in scale.levels] == ["Rất hài lòng", "Hài lòng", "Chưa hài lòng"]
    assert scale.lowest == 1 and scale.satisfied(2) and not scale.satisfied(1)
    assert "thai-do" in {r.id for r in scale.reasons}


def test_a_five_level_scale_can_be_configured():
    import copy
    raw = copy.deepcopy(BASE)
    raw["rating"] = {"level": [{"value": v, "label": f"Mức {v}", "face": "happy"}
                               for v in (5, 4, 3, 2, 1)]}
    scale = parse_config(raw).rating
    assert len(scale.levels) == 5 and scale.satisfied(4) and not scale.satisfied(3)
    raw["rating"] = {"level": [{"value": 1, "label": "x"}, {"value": 2, "label": "y"}]}
    with pytest.raises(ConfigError):
        parse_config(raw)


def test_the_demo_hall_spells_out_the_default_scale():
    from pathlib import Path

    from hall.config import read_hall_file
    from hall.ratings import parse_rating
    demo = read_hall_file(Path(__file__).resolve().parents[2] / "config" / "demo-hall.toml")
    assert "rating" in demo and parse_config(demo).rating == parse_rating(None)


def test_a_rating_screen_names_the_ticket_it_invites_and_never_rates_the_next_one(hall, service,
                                                                                   clock):
    from hall.public import public_id
    first = _served(service)
    clock.advance(seconds=10)
    second = _served(service)
    with pytest.raises(IllegalTransition) as error:
        hall.ratings.rate_at_counter(2, 3, source="screen", shown=public_id(first["id"]))
    assert error.value.code == "not_invited"
    rating = hall.ratings.rate_at_counter(2, 1, source="screen", shown=public_id(second["id"]),
                                          reasons=["thai-do"])
    assert (rating["ticket"], rating["reasons"]) == (second["id"], ["thai-do"])


def test_a_ticket_is_open_for_rating_only_once_served_today_and_unrated(hall, service, clock):
    served = _served(service)
    waiting = service.issue_ticket("dat-dai")
    assert not hall.ratings.open_for(waiting["id"])
    assert hall.ratings.open_for(served["id"])
    hall.ratings.rate(served["id"], 3)
    assert not hall.ratings.open_for(served["id"])
    assert not hall.ratings.open_for("unknown")
    _served(service)                                     # serves `waiting`, the queue's head
    assert hall.ratings.open_for(waiting["id"])
    clock.advance(days=1)
    assert not hall.ratings.open_for(waiting["id"])      # rating closes with its day
