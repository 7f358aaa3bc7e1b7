"""The asker: number parsing, and the real questionary prompts driven through a prompt_toolkit
pipe. `Driven` is shared with the survey and workshop tests."""

from __future__ import annotations

from typing import Any

import pytest
from prompt_toolkit.input import PipeInput

from alignment_cli.interactive.asker import parse_number
from tests.helpers import BACKSPACE, CTRL_C, CTRL_D, DOWN, ENTER, UP, make_asker

# --- numbers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("35", 35),
        (" 35 ", 35),
        ("35%", 35),
        ("35 %", 35),
        ("0", 0),
        ("100", 100),
        ("12.5", 12.5),
        ("40.0", 40),
        ("", None),
        ("?", None),
        ("  ?  ", None),
    ],
)
def test_parse_number_accepts_numbers_units_and_dont_know(typed: str, expected: Any) -> None:
    value = parse_number(typed, minimum=0, maximum=100, unit="%")
    assert value == expected
    assert type(value) is type(expected)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("150", "150 is above the highest possible value, 100"),
        ("-1", "-1 is below the lowest possible value, 0"),
        ("lots", "'lots' is not a number"),
        ("nan", "'nan' is not a number"),
        ("inf", "'inf' is not a number"),
    ],
)
def test_parse_number_explains_what_is_wrong(typed: str, reason: str) -> None:
    with pytest.raises(ValueError, match="from 0 to 100 %") as caught:
        parse_number(typed, minimum=0, maximum=100, unit="%")
    message = str(caught.value)
    assert reason in message
    assert "from 0 to 100 %" in message and "? for don't know" in message


def test_parse_number_with_a_word_unit() -> None:
    assert parse_number("24 hours", minimum=0, maximum=240, unit="hours") == 24


# --- the real prompts ------------------------------------------------------------------------------


def test_choose_returns_the_value_of_the_option_picked(pipe: PipeInput) -> None:
    asker, _ = make_asker(pipe)
    choices = [("Yes", "yes"), ("No", "no"), ("Don't know", None)]
    pipe.send_text(DOWN + ENTER)
    assert asker.choose("Written definition?", choices) == "no"
    pipe.send_text(DOWN + DOWN + ENTER)
    assert asker.choose("Written definition?", choices) is None  # a None value survives
    pipe.send_text(UP + ENTER)  # the list wraps around: up from the top is the last option
    assert asker.choose("Written definition?", choices) is None
    pipe.send_text(ENTER)
    assert asker.choose("Written definition?", choices, default="no") == "no"


def test_number_is_reasked_until_it_is_in_range(pipe: PipeInput) -> None:
    asker, _ = make_asker(pipe)
    # 150 is refused (the prompt stays open), erased, and 35 accepted
    pipe.send_text("150" + ENTER + BACKSPACE * 3 + "35" + ENTER)
    assert asker.number("Share followed up", minimum=0, maximum=100, unit="%") == 35
    pipe.send_text("?" + ENTER)
    assert asker.number("Share followed up", minimum=0, maximum=100, unit="%") is None
    pipe.send_text(ENTER)
    assert asker.number("Share followed up", minimum=0, maximum=100, unit="%") is None


def test_required_text_is_reasked_when_empty(pipe: PipeInput) -> None:
    asker, _ = make_asker(pipe)
    pipe.send_text(ENTER + "  Acme Corp  " + ENTER)
    assert asker.text("Organization", required=True) == "Acme Corp"
    pipe.send_text(ENTER)
    assert asker.text("Your team") == ""


def test_confirm_and_pause(pipe: PipeInput) -> None:
    asker, screen = make_asker(pipe)
    pipe.send_text("y")
    assert asker.confirm("Do you lead Sales?") is True
    pipe.send_text(ENTER)
    assert asker.confirm("Do you lead Sales?", default=False) is False
    pipe.send_text("ignored" + ENTER)
    asker.pause("Part 2 of 2", "Hand the keyboard to the head of Marketing")
    assert "Hand the keyboard to the head of Marketing" in screen.getvalue()
    assert "Part 2 of 2" in screen.getvalue()


@pytest.mark.parametrize("key", [CTRL_C, CTRL_D])
def test_ctrl_c_and_ctrl_d_raise_keyboard_interrupt_from_every_prompt(pipe: PipeInput, key: str) -> None:
    asker, _ = make_asker(pipe)
    prompts = [
        lambda: asker.text("Your team"),
        lambda: asker.number("Share", minimum=0, maximum=100),
        lambda: asker.pause("Part 2", "Hand over"),
    ]
    if key == CTRL_C:  # Ctrl-D means nothing to a select or a yes/no question
        prompts += [lambda: asker.choose("Pick", [("a", 1), ("b", 2)]), lambda: asker.confirm("Sure?")]
    for prompt in prompts:
        pipe.send_text(key)
        with pytest.raises(KeyboardInterrupt):
            prompt()


def test_help_text_is_wrapped_and_indented_under_the_question(pipe: PipeInput) -> None:
    asker, _ = make_asker(pipe, width=60)
    help_text = (
        "Objectives for the whole company, such as revenue, customers won or market "
        "presence, agreed by the heads of all departments."
    )
    instruction = asker._instruction(help_text, "(↑ ↓ to move, Enter to choose)")
    lines = instruction.split("\n")
    assert lines[0] == ""  # starts below the question
    assert all(line.startswith("  ") and len(line) <= 58 for line in lines[1:])
    assert " ".join(line.strip() for line in lines[1:-1]) == help_text
    assert lines[-1].strip() == "(↑ ↓ to move, Enter to choose)"
    wrapped = asker._wrap("word " * 30)
    assert all(len(line) <= 57 for line in wrapped.split("\n"))


# --- the answer echo ------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [40, 60, 80, 100])
@pytest.mark.parametrize("answer", ["4  Agree", "3  Neither agree nor disagree", "?  Don't know"])
def test_the_answer_echo_fits_on_the_last_line_or_gets_its_own(
    pipe: PipeInput, width: int, answer: str
) -> None:
    asker, _ = make_asker(pipe, width)
    message = (
        "Marketing takes part in planning the strategy for our largest customer "
        "accounts, alongside the account managers."
    )
    lines = asker._wrap(message, answer=len(answer)).split("\n")
    limit = max(40, width - 3)
    # "? " before the message, " " and the answer after its last line: never past the edge
    assert len(lines[-1]) + 1 + len(answer) <= limit
    assert all(len(line) <= limit for line in lines)
    assert " ".join(line.strip() for line in lines).strip() == message
