"""Every domain behaviour holds on the SQL store too (same tests, SQLite file)."""
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
    test_a_quiet_clerk_is_away_and_stops_counting_but_keeps_their_ticket,
    test_you_are_next_is_shown_only_to_the_ticket_the_next_free_counter_calls)
