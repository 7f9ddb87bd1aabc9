"""Every domain behaviour holds on the SQL store too (same tests, SQLite file)."""
import pytest

from tests.hall.test_business_day import *  # noqa: F401,F403
from tests.hall.test_calling import *  # noqa: F401,F403
from tests.hall.test_issuing import *  # noqa: F401,F403
from tests.hall.test_priority import (  # noqa: F401
    test_counter_takes_the_longest_waiting_ticket_across_its_areas,
    test_each_counter_keeps_its_own_priority_streak,
    test_interleave_lets_one_normal_through_after_every_two_priority_calls,
    test_interleave_never_starves_normal_tickets,
    test_the_streak_counts_only_priority_calls_made_while_a_normal_ticket_waited)
from tests.hall.test_forecast import (  # noqa: F401
    test_a_busy_counter_frees_up_after_its_expected_service_time,
    test_a_clerk_serving_a_long_citizen_stays_staffed_and_keeps_the_ticket,
    test_a_quiet_clerk_is_away_and_stops_counting_in_estimates,
    test_far_back_in_a_long_queue_the_count_ahead_is_still_exact_for_one_queue,
    test_you_are_next_is_shown_only_to_the_ticket_the_next_free_counter_calls)
from tests.hall.test_ratings import (  # noqa: F401
    test_a_served_ticket_is_rated_once_and_the_rating_is_an_event,
    test_a_rating_keypad_rates_the_ticket_just_finished_while_it_is_invited,
    test_a_transferred_ticket_is_rated_where_it_was_served,
    test_an_unserved_or_unknown_ticket_cannot_be_rated)
from tests.hall.test_undo import *  # noqa: F401,F403


def test_the_database_keeps_one_rating_per_ticket_with_its_clerk_and_dossier(hall, service, engine):
    import sqlalchemy as sa
    from store.tables import ratings
    ticket = service.issue_ticket("dat-dai")
    service.call_next(2, actor="user:7:Nguyễn Thị Lan")
    service.attach_dossier(2, "HS-1", actor="user:7:Nguyễn Thị Lan")
    service.done(2, actor="user:7:Nguyễn Thị Lan")
    hall.ratings.rate(ticket["id"], 1, ["thai-do"], source="screen")
    with engine.connect() as conn:
        row = conn.execute(sa.select(ratings)).one()
    assert (row.clerk, row.dossier_code, row.reasons, row.counter) == (
        "user:7:Nguyễn Thị Lan", "HS-1", ["thai-do"], 2)
    with pytest.raises(sa.exc.IntegrityError):
        with engine.begin() as conn:
            conn.execute(sa.insert(ratings).values(**{**row._mapping, "level": 3}))
