"""Every domain behaviour holds on the SQL store too (same tests, SQLite file)."""
from tests.hall.test_business_day import *  # noqa: F401,F403
from tests.hall.test_calling import *  # noqa: F401,F403
from tests.hall.test_issuing import *  # noqa: F401,F403
from tests.hall.test_priority import (  # noqa: F401
    test_counter_takes_the_longest_waiting_ticket_across_its_areas,
    test_interleave_calls_one_priority_after_every_two_normal,
    test_interleave_never_starves_normal_tickets,
    test_priority_call_resets_the_normal_streak_per_counter)
