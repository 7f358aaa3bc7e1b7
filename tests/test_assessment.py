"""Loading many files: order kept, invalid files named and skipped, nothing shared between them."""

from __future__ import annotations

from alignment_cli.commands import assessment
from tests.helpers import MARKETING_ANSWERS, MINI, SALES_ANSWERS, make_response, write_response


def test_many_files_load_in_order_with_the_invalid_ones_named(tmp_path):
    folder = tmp_path / "r"
    for i in range(40):
        answers = dict(SALES_ANSWERS if i % 2 == 0 else MARKETING_ANSWERS)
        answers["goals.agreed"] = 1 + i % 5
        write_response(
            folder,
            f"{i:03d}.yaml",
            make_response("sales" if i % 2 == 0 else "marketing", answers, name=f"P{i}", team=f"T{i % 3}"),
        )
    (folder / "zz-broken.yaml").write_text("answers: [\n", encoding="utf-8")

    loaded = assessment.load([folder], questionnaire=str(MINI), skip_invalid=True)
    assert [r.respondent.name for r in loaded.responses] == [f"P{i}" for i in range(40)]
    assert [r.answers["goals.agreed"] for r in loaded.responses] == [1 + i % 5 for i in range(40)]
    assert len(loaded.skipped) == 1 and "zz-broken.yaml" in str(loaded.skipped[0])
    # each response owns its answers: changing one leaves the others as they were read
    loaded.responses[0].answers["goals.agreed"] = 5
    loaded.responses[0].comments["goals"] = "changed"
    assert [r.answers["goals.agreed"] for r in loaded.responses[1:]] == [1 + i % 5 for i in range(1, 40)]
    assert all(not r.comments for r in loaded.responses[1:])
