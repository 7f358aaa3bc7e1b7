"""The blank response file (model/blank_response.py), whole: its header for each side, the
questions asked of that side only, each with its answers and "not applicable" where allowed, and
a file that reads back as a response once filled in."""

from __future__ import annotations

import pytest

from alignment_cli.errors import UsageError
from alignment_cli.model.blank_response import _comment, blank_response
from alignment_cli.model.response import check_against, parse_response
from tests.scoring_cases import build, dimension, number, yes_no

Q = build(
    [
        dimension(
            "d",
            yes_no("d.a", allow_na=True, text="Line one.\n\nLine three."),
            number("d.b", roles=["marketing"]),
        ),
        dimension("e", number("e.a", roles=["marketing"]), description="About e."),
        dimension("f", number("f.a"), description="About f."),
    ]
)

SALES = """\
# T: response file for sales.
# Fill in each answer after its colon. Leave an answer blank for "don't know".
# 2 questions, about 1 minute.
# Then score it with: alignment report THIS-FILE [OTHER-FILES...]
# respondent: name and team are optional; head is true only for the person who leads
# Sales (head: false was written; set it to true, or pass --head, for the head).

questionnaire:
  id: t
  version: '1'
organization: null
respondent:
  role: sales
  name: null
  team: null
  head: false
started_at: null
completed_at: null
answers:

  # == D ==
  # Line one.
  #
  # Line three.
  # Answer: yes or no; or n/a if it does not apply (with a reason: {n/a: why})
  d.a:

  # == F == About f.
  # Share f.a.
  # Answer: a number from 0 to 100
  f.a:
comments:
  # Optional, one per dimension id, e.g.  shared-goals: our targets changed twice this year
"""

MARKETING_HEAD = """\
# T: response file for marketing.
# Fill in each answer after its colon. Leave an answer blank for "don't know".
# 4 questions, about 1 minute.
# Then score it with: alignment report THIS-FILE [OTHER-FILES...]
# respondent: name and team are optional; head is true only for the person who leads
# Marketing (head: true was written, as --head asked).

questionnaire:
  id: t
  version: '1'
organization: Acme
respondent:
  role: marketing
  name: Jana
  team: null
  head: true
started_at: null
completed_at: null
answers:

  # == D ==
  # Line one.
  #
  # Line three.
  # Answer: yes or no; or n/a if it does not apply (with a reason: {n/a: why})
  d.a:
  # Share d.b.
  # Answer: a number from 0 to 100
  d.b:

  # == E == About e.
  # Share e.a.
  # Answer: a number from 0 to 100
  e.a:

  # == F == About f.
  # Share f.a.
  # Answer: a number from 0 to 100
  f.a:
comments:
  # Optional, one per dimension id, e.g.  shared-goals: our targets changed twice this year
"""


def test_a_blank_file_for_one_side_lists_only_its_questions() -> None:
    assert blank_response(Q, role="sales") == SALES


def test_a_blank_file_for_the_head_names_the_person_and_the_organization() -> None:
    text = blank_response(Q, role="marketing", organization="Acme", name="Jana", head=True)
    assert text == MARKETING_HEAD


def test_a_comment_is_one_line_per_line_of_text_and_one_for_none() -> None:
    # a questionnaire refuses an empty text, so the helper is asked directly
    assert _comment("") == ["  #"]
    assert _comment("a\n\nb ", indent="") == ["# a", "#", "# b"]


@pytest.mark.parametrize(
    ("count", "words"), [(1, "1 question, about 1 minute."), (12, "12 questions, about 3 minutes.")]
)
def test_the_count_and_the_minutes_are_in_the_singular_for_one(count: int, words: str) -> None:
    q = build([dimension("d", *(number(f"d.n{i}") for i in range(count)))])
    assert f"\n# {words}\n" in blank_response(q, role="sales")


def test_a_filled_in_blank_file_reads_back_as_a_response() -> None:
    text = blank_response(Q, role="sales").replace("d.a:", "d.a: n/a").replace("f.a:", "f.a: 40")
    response = check_against(parse_response(text, path=None), Q)
    assert response.answers == {"f.a": 40} and response.not_applicable == {"d.a": ""}
    assert response.respondent.role == "sales" and response.respondent.head is False


def test_an_unknown_side_is_refused_with_the_sides_there_are() -> None:
    with pytest.raises(UsageError) as caught:
        blank_response(Q, role="finance")
    assert str(caught.value) == "--role 'finance': expected one of sales, marketing"
