"""Poll models, one class per file."""

from cms.polls.models.ballot import Ballot
from cms.polls.models.ballot_choice import BallotChoice
from cms.polls.models.poll import STATES, VISIBILITIES, Poll
from cms.polls.models.poll_option import PollOption
from cms.polls.models.rate_bucket import PollRateBucket

__all__ = [
    "STATES",
    "VISIBILITIES",
    "Ballot",
    "BallotChoice",
    "Poll",
    "PollOption",
    "PollRateBucket",
]
