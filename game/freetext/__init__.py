"""Free-text questioning: the trainee types what they would say; the line is matched offline
to the authored choices on offer, and the session goes on as if that choice were picked.

Reads the engine's scenario; never imported by it. Stage 1 (character n-gram TF-IDF, pure
Python) always runs.
"""

from game.freetext.matcher import MATCHER_VERSION, Match, Matcher, Scored
from game.freetext.zones import Bars, language_of, load_bars

__all__ = ["MATCHER_VERSION", "Bars", "Match", "Matcher", "Scored", "language_of", "load_bars"]
