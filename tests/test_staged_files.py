"""Creating a file under the first free name: staged, then linked, never replacing anything."""

from __future__ import annotations

import pytest

from alignment_cli.errors import OutputError
from alignment_cli.io.files import link_first_free, staged


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        ([], "a.json"),
        (["a.json"], "b.json"),
        (["a.json", "b.json"], "c.json"),
        (["a.json", "b.json", "c.json"], None),
    ],
)
def test_the_first_name_nobody_holds_is_given_and_none_is_replaced(tmp_path, taken, expected):
    for name in taken:
        (tmp_path / name).write_text("someone else's", encoding="utf-8")
    with staged(tmp_path, "mine", prefix=".t.", purpose="keep it") as tmp:
        created = link_first_free(tmp, (tmp_path / n for n in ("a.json", "b.json", "c.json")), action="write")
    assert created == (tmp_path / expected if expected else None)
    for name in taken:
        assert (tmp_path / name).read_text(encoding="utf-8") == "someone else's"
    if created is not None:
        assert created.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        taken + ([expected] if expected else [])
    )  # the temporary name is gone


def test_the_staged_file_is_removed_when_the_caller_fails(tmp_path):
    seen = []

    def fail_inside() -> None:
        with staged(tmp_path, "x", prefix=".t.", purpose="p") as tmp:
            seen.append(tmp.read_text(encoding="utf-8"))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_inside()
    assert seen == ["x"]
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_made_says_what_for(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with (
        pytest.raises(OutputError, match=r"file/sub: cannot keep the history here: "),
        staged(blocker / "sub", "x", prefix=".t.", purpose="keep the history"),
    ):
        pass


def test_a_link_that_fails_otherwise_names_the_file_and_the_action(tmp_path):
    with (
        staged(tmp_path, "x", prefix=".t.", purpose="p") as tmp,
        pytest.raises(OutputError, match=r"missing/a.json: cannot save answers: "),
    ):
        link_first_free(tmp, [tmp_path / "missing" / "a.json"], action="save answers")


def test_the_mode_is_set_when_asked(tmp_path):
    with staged(tmp_path, "x", prefix=".t.", purpose="p", mode=0o640) as tmp:
        assert tmp.stat().st_mode & 0o777 == 0o640
