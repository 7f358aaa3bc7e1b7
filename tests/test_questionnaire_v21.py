"""Questionnaire 2.1 and quick check 1.1: what became of each 2.0 item, the new themes and their
recommendations, context items, self-ratings where blind spots matter most, citations that say
what their sources say, and `questionnaire show`/`validate` on sources. The checks every built-in
version shares (originality, rules firing, fallbacks) are parametrised in
test_questionnaire_v2.py."""

from __future__ import annotations

from typing import Any

import pytest

from alignment_cli.model.questionnaire import (
    PRACTICE,
    ChoiceQuestion,
    LikertQuestion,
    Questionnaire,
    citation_kind,
    citation_problems,
    load_questionnaire,
    parse_questionnaire,
    resolve_questionnaire,
)
from tests.helpers import REPO, conditions, fired

FULL = "sales-marketing-alignment"
QUICK = "sales-marketing-quick"

HBR = "Kotler et al. 2006"


@pytest.fixture(scope="module")
def v21() -> Questionnaire:
    return resolve_questionnaire(FULL)


@pytest.fixture(scope="module")
def v20() -> Questionnaire:
    return resolve_questionnaire(f"{FULL}@2.0")


@pytest.fixture(scope="module")
def quick11() -> Questionnaire:
    return resolve_questionnaire(QUICK)


# --- length and wording --------------------------------------------------------------------------


def test_the_id_alone_picks_2_1_and_it_asks_at_most_60_of_anyone(v21):
    assert v21.version == "2.1"
    assert {role: v21.question_count(role) for role in v21.roles} == {"sales": 59, "marketing": 60}
    assert v21.minutes_for() == 15


def test_about_a_fifth_of_each_sides_items_are_reverse_worded(v21):
    for role in v21.roles:
        asked = [q for _, q in v21.questions_for(role)]
        share = sum(q.reverse for q in asked) / len(asked)
        assert 0.18 <= share <= 0.25, (role, share)
    assert all(isinstance(q, LikertQuestion) for q in v21.questions.values() if q.reverse)


# What became of every 2.0 item that 2.1 does not keep under the same id (the closing note's
# table): the 2.1 item that asks it now, or None where it was folded into another or dropped.
REPLACED = {
    "shared-goals.reasons-understood": None,  # the reasons live in agree-objectives' steps
    "shared-goals.resources-decided-together": "shared-goals.resources-decider",
    "lead-handoff.definition-imposed": None,  # Sales' part is definition-approved's point
    "lead-handoff.score-reaches-rep": "lead-handoff.score-shown",
    "lead-handoff.marketing-commitment": "lead-handoff.lead-number-committed",
    "lead-handoff.follow-up-share": None,  # incomparable across companies
    "lead-handoff.hours-to-first-contact": "lead-handoff.first-contact-band",
    "lead-handoff.own-follow-up": None,
    "lead-handoff.leads-pursued": "lead-handoff.leads-worked",
    "lead-handoff.own-leads-worth": None,
    "time-horizons.own-customer-focus": None,
    "time-horizons.own-balance": None,
    "time-horizons.horizons-understood": "time-horizons.quota-understood",
    "leadership.ceo-arbiter": "leadership.disputes-settled",
    "leadership.one-side-prevails": "leadership.disputes-settled",
    "leadership.sales-head-endorses": "leadership.sales-head-backs",
    "leadership.segment-teams": "leadership.sale-complexity",
    "joint-metrics.own-bonus-shared": "joint-metrics.own-pay-tied-to",
    "communication.heads-relationship": "communication.marketing-head-open",
    "communication.problems-surface-late": "communication.heads-discuss-ahead",
    "communication.feedback-acted-on": "communication.sales-input-changes-plan",
    "communication.own-feedback-given": None,
    "communication.own-feedback-use": None,
    "communication.could-present-other-plan": None,
    "field-integration.ride-alongs": "field-integration.marketers-on-calls",
    "field-integration.key-account-plans": None,
    "field-integration.win-loss-shared": "field-integration.win-loss-received",
    "field-integration.people-move": "field-integration.marketers-sold-before",
    "common-process.one-pipeline": "common-process.stage-definitions",
    "common-process.return-rules": "common-process.nurturing",
    "sales-enablement.positioning-clear": "sales-enablement.positioning-distinct",
    "sales-enablement.own-material-used": None,
    "sales-enablement.own-material-helps": None,
    "sales-enablement.reps-make-own": "sales-enablement.reps-replace-material",
    "sales-enablement.joint-training": None,
}


def test_every_2_0_item_is_kept_or_accounted_for(v20, v21):
    for qid in v20.questions:
        if qid in v21.questions:
            assert qid not in REPLACED, f"{qid} is kept under its id"
        else:
            assert qid in REPLACED, f"{qid}: say what became of it"
            assert REPLACED[qid] is None or REPLACED[qid] in v21.questions, qid


def test_a_kept_id_keeps_its_kind_and_its_answers(v20, v21):
    # compare matches items by id across versions, so a kept id must mean the same thing
    for qid, old in v20.questions.items():
        new = v21.questions.get(qid)
        if new is None:
            continue
        assert new.kind == old.kind and new.reverse == old.reverse, qid
        assert new.allowed(v21.scale) == old.allowed(v20.scale), qid


@pytest.mark.parametrize(
    "qid",
    [
        "shared-goals.resources-decider",
        "lead-handoff.score-shown",
        "lead-handoff.lead-number-committed",
        "lead-handoff.first-contact-band",
        "field-integration.marketers-on-calls",
        "field-integration.win-loss-received",
        "common-process.lead-outcomes-recorded",
        "joint-metrics.marketing-revenue-goals",
    ],
)
def test_matters_of_fact_are_facts_asked_of_both_sides(v21, qid):
    question = v21.questions[qid]
    assert question.fact and v21.roles_of(question) == v21.roles


def test_estimates_are_ordered_bands_not_free_numbers(v21):
    for qid in (
        "lead-handoff.first-contact-band",
        "field-integration.marketers-on-calls",
        "common-process.lead-outcomes-recorded",
        "joint-metrics.joint-forecast-review",
    ):
        question = v21.questions[qid]
        assert isinstance(question, ChoiceQuestion) and question.ordered, qid
    assert not any(q.kind == "number" for q in v21.questions.values())


def test_disputes_say_in_whose_favour(v21):
    question = v21.questions["leadership.disputes-settled"]
    assert isinstance(question, ChoiceQuestion)
    assert {"ceo-favours-sales", "ceo-favours-marketing"} <= {o.value for o in question.options}


def test_items_that_may_not_apply_allow_it(v21):
    allowing = {q.id for q in v21.questions.values() if q.allow_na}
    assert {
        "shared-goals.blamed-by-marketing",
        "shared-goals.blamed-by-sales",
        "shared-goals.own-blame-of-marketing",
        "shared-goals.own-blame-of-sales",
        "leadership.disputes-settled",
        "leadership.sales-abides",
        "leadership.marketing-abides",
        "communication.heads-meet",
        "communication.marketing-head-open",
        "communication.sales-head-open",
        "communication.heads-own-agendas",
        "sales-enablement.partner-tools",
        "joint-metrics.own-pay-tied-to",
    } <= allowing


# --- self-ratings and context --------------------------------------------------------------------


def test_self_ratings_cover_blame_arbitration_and_the_heads(v21):
    pairs = {q.id: q.self_of for q in v21.questions.values() if q.self_of}
    assert pairs == {
        "shared-goals.own-blame-of-marketing": "shared-goals.blamed-by-sales",
        "shared-goals.own-blame-of-sales": "shared-goals.blamed-by-marketing",
        "leadership.own-abides-sales": "leadership.sales-abides",
        "leadership.own-abides-marketing": "leadership.marketing-abides",
        "communication.own-head-open-sales": "communication.sales-head-open",
        "communication.own-head-open-marketing": "communication.marketing-head-open",
    }
    for own, other in pairs.items():
        assert v21.roles_of(v21.questions[own]) != v21.roles_of(v21.questions[other])


def test_context_items_are_shown_never_scored_and_never_fire_alone(v21):
    context = {q.id for q in v21.questions.values() if q.context}
    # the business (marketing intensity, sale complexity) and the design choice of how the two
    # teams are led
    assert context == {"leadership.marketing-intensity", "leadership.sale-complexity", "leadership.structure"}
    assert all(v21.is_gap_expected(v21.questions[qid]) for qid in context)

    def groups(cond):  # every all: group in a condition, however deep
        found = [cond.all] if cond.all else []
        for inner in [*(cond.any or []), *(cond.all or [])]:
            found += groups(inner)
        return found

    def answers_in(cond):
        return [c.answer.question for c in conditions(cond) if c.answer is not None]

    used = set()
    for rec in v21.recommendations:
        for question in answers_in(rec.when):
            if question in context:
                used.add(question)
                # only ever beside another answer, inside an all:
                assert any(
                    question in [q for c in group for q in answers_in(c)]
                    and any(q not in context for c in group for q in answers_in(c))
                    for group in groups(rec.when)
                ), rec.id
    assert used == context


@pytest.mark.parametrize(
    ("intensity", "fires"), [("sales-led", False), ("balanced", True), ("marketing-led", True)]
)
def test_a_combined_head_is_checked_only_where_marketing_weighs(v21, intensity, fires):
    # and only beside a consequence: here pricing disputes one side reports
    found = fired(
        v21,
        {"leadership.structure": "one-leader", "leadership.pricing-disputes": 4},
        {"leadership.structure": "one-leader", "leadership.marketing-intensity": intensity},
    )
    assert ("check-combined-head" in found) is fires


@pytest.mark.parametrize(("complexity", "fires"), [("simple", False), ("complex", True)])
def test_segment_teams_are_suggested_only_for_complex_sales(v21, complexity, fires):
    # and only beside a consequence: disputes nobody settles evenly
    structure = {"leadership.structure": "peers-same-executive", "leadership.disputes-settled": "unresolved"}
    found = fired(v21, {**structure, "leadership.sale-complexity": complexity}, structure)
    assert ("segment-teams-for-complex-sales" in found) is fires


def test_pay_on_marketing_volume_is_read_from_marketings_answer(v21):
    pay = "joint-metrics.own-pay-tied-to"
    assert "pay-marketing-on-pipeline" in fired(v21, {pay: "own-results"}, {pay: "activity"})
    assert "pay-marketing-on-pipeline" not in fired(v21, {pay: "activity"}, {pay: "own-results"})


# --- the new themes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rec", "item"),
    [
        ("shared-rewards", "joint-metrics.own-pay-tied-to"),
        ("pay-marketing-on-pipeline", "joint-metrics.own-pay-tied-to"),
        ("ceo-keeps-goals-visible", "shared-goals.goals-kept-visible"),
        ("agree-revenue-sources", "shared-goals.revenue-sources-agreed"),
        ("settle-pricing-rules", "leadership.pricing-disputes"),
        ("evidence-for-product-requests", "field-integration.one-deal-demands"),
        ("align-heads-agendas", "communication.heads-own-agendas"),
        ("hire-for-maturity", "leadership.hire-for-maturity"),
        ("sales-experience-in-marketing", "field-integration.marketers-sold-before"),
        ("time-campaigns-ahead", "time-horizons.campaigns-timed"),
        ("nurture-until-ready", "common-process.nurturing"),
        ("content-before-sales", "sales-enablement.buyers-self-educate"),
        ("record-every-outcome", "common-process.lead-outcomes-recorded"),
        ("abide-by-decisions", "leadership.sales-abides"),
        ("repair-heads-relationship", "communication.marketing-head-open"),
    ],
)
def test_each_new_theme_has_an_item_and_a_recommendation(v21, rec, item):
    found = {r.id: r for r in v21.recommendations}
    assert rec in found
    assert item in {c.answer.question for c in conditions(found[rec].when) if c.answer}


def test_the_hbr_coverage_still_reaches_16_of_20(v21):
    hbr = v21.coverage[0]
    assert hbr.group.startswith("Themes of the HBR alignment instrument")
    assert len(hbr.themes) >= 16


# --- citations -----------------------------------------------------------------------------------


def test_every_source_has_title_authors_year_and_kind(v21):
    for source in v21.sources:
        assert source.title and source.author and source.year is not None and source.kind, source.id
    assert {s.kind for s in v21.sources} == {"article", "hbr-instrument", "research"}


@pytest.mark.parametrize(
    ("ref", "where", "source"),
    [
        # the misattributions the review found, and what each cites now
        (f"{FULL}@2.0", "train-together", HBR),
        (f"{FULL}@2.0", "study-the-funnel", HBR),
        (f"{FULL}@2.0", "know-each-others-plans", HBR),
        (f"{FULL}@2.0", "plan-long-range-together", HBR),
        (f"{FULL}@2.0", "shared-goals.win-together", HBR),
        (f"{FULL}@2.0", "joint-metrics.forecast-holds", HBR),
        (f"{FULL}@2.0", "name-a-process-owner", PRACTICE),
        (f"{FULL}@2.0", "share-win-loss", PRACTICE),
        (f"{FULL}@2.0", "measure-material-use", PRACTICE),
        (f"{FULL}@2.0", "joint-forecast-review", PRACTICE),
        (f"{FULL}@2.0", "joint-metrics.joint-forecast-review", PRACTICE),
        (f"{FULL}@2.0", "time-horizons.own-balance", PRACTICE),
        (f"{FULL}@2.0", "time-horizons.own-horizon", "Penczak"),
        (f"{FULL}@2.0", "time-horizons.own-customer-focus", "Miserably Misaligned"),
        (f"{FULL}@2.0", "communication.problems-surface-late", PRACTICE),
        (f"{FULL}@2.0", "lead-handoff.follow-up-share", PRACTICE),
        (f"{FULL}@2.0", "speed-to-lead", "SiriusDecisions SAL"),
        (f"{FULL}@1.0", "lead-handoff.follow-up-agreement", "SiriusDecisions SAL"),
        (f"{FULL}@1.0", "weekly-heads-meeting", "Conte interview"),
        (f"{FULL}@1.0", "communication.early-warning", HBR),
        (f"{FULL}@1.0", "decide-leadership-structure", "Morettini"),
        (f"{FULL}@1.0", "plan-long-range-together", HBR),
        (FULL, "plan-long-range-together", HBR),
        (FULL, "study-the-funnel", HBR),
        (FULL, "joint-forecast-review", PRACTICE),
        (FULL, "name-a-process-owner", PRACTICE),
        (FULL, "share-win-loss", PRACTICE),
        (FULL, "measure-material-use", PRACTICE),
        (FULL, "time-horizons.own-horizon", "Penczak"),
    ],
)
def test_each_misattribution_now_cites_what_says_it(ref, where, source):
    q = resolve_questionnaire(ref)
    recs = {r.id: r for r in q.recommendations}
    cited = recs[where].source if where in recs else q.questions[where].source
    assert cited == source


def test_the_90_percent_is_an_acceptance_rate_everywhere():
    for ref in (f"{FULL}@1.0", f"{FULL}@2.0", FULL, f"{QUICK}@1.0", QUICK):
        q = resolve_questionnaire(ref)
        for question in q.questions.values():
            if "90%" in (question.help or ""):
                assert "accept" in question.help, (ref, question.id)
        for rec in q.recommendations:
            if "90%" in rec.why:
                assert "accept" in rec.why or "own threshold" in rec.why, (ref, rec.id)
        sal = q.sources_by_id["SiriusDecisions SAL"]
        assert "Sales Accepted Leads" in sal.title and sal.year is not None


def test_speed_to_lead_says_what_triggers_it(v20):
    rec = next(r for r in v20.recommendations if r.id == "speed-to-lead")
    assert "24 business hours" in rec.title


def test_citation_problems_name_what_is_missing(v21):
    text = (REPO / "questionnaires" / "sales-marketing-alignment-2.1.yaml").read_text(encoding="utf-8")
    text = text.replace("    year: 2011\n", "", 1).replace("        source: Miserably Misaligned\n", "", 1)
    q = parse_questionnaire(text, path="q.yaml")
    problems = citation_problems(q)
    assert "source 'Penczak' has no year" in problems
    assert "item shared-goals.goals-kept-visible names no source (or source: practice)" in problems
    assert citation_kind(q, None) == "no source"
    assert citation_kind(q, PRACTICE) == "practice"
    assert citation_kind(q, HBR) == "an HBR instrument theme"


def test_a_year_is_a_number_or_n_d(tmp_path, cli):
    text = (
        (REPO / "questionnaires" / "sales-marketing-alignment-2.1.yaml")
        .read_text(encoding="utf-8")
        .replace("    year: 2011\n", "    year: recently\n", 1)
    )
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    result = cli("questionnaire", "validate", path)
    assert result.code == 2
    assert 'a year is a number, or "n.d."' in result.err


def test_validate_tells_a_custom_file_what_its_citations_lack(tmp_path, cli):
    from tests.helpers import MINI

    result = cli("questionnaire", "validate", MINI)
    assert result.code == 0
    assert "citations incomplete" in result.err and "names no source" in result.err
    for path in sorted((REPO / "questionnaires").glob("*.yaml")):
        checked = cli("questionnaire", "validate", path)
        assert checked.code == 0 and "citations incomplete" not in checked.err, path


def test_show_prints_each_source_and_what_kind_of_support_it_is(cli, v21):
    shown = cli("questionnaire", "show", FULL)
    assert shown.code == 0
    flat = " ".join(shown.out.split())
    assert "Source: Conte interview (an article's idea)" in flat
    assert f"Source: {HBR} (an HBR instrument theme)" in flat
    assert "Source: SiriusDecisions SAL (published research)" in flat
    assert "Source: practice" in flat
    # one source line per item and per recommendation
    assert flat.count("Source: ") == len(v21.questions) + len(v21.recommendations)
    assert "Bill Penczak (2011); article" in flat
    assert "practice: sound practice that none of these sources states" in flat


# --- the quick check 1.1 -------------------------------------------------------------------------


def test_quick_1_1_asks_about_the_heads_and_pay_within_20_items(quick11, v21):
    assert quick11.version == "1.1"
    assert len(quick11.questions) <= 20
    assert quick11.minutes_for() == 5
    assert [d.id for d in quick11.dimensions] == [d.id for d in v21.dimensions]
    assert {
        "joint-metrics.own-pay-tied-to",
        "communication.marketing-head-open",
        "communication.sales-head-open",
    } <= set(quick11.questions)
    for qid, question in quick11.questions.items():
        assert question.text == v21.questions[qid].text, qid
        # asked of both sides, but for one mirrored pair: each side on the other's head
        if quick11.roles_of(question) != quick11.roles:
            paired = question.mirror or next(q.id for q in quick11.questions.values() if q.mirror == qid)
            assert paired in quick11.questions, qid
    assert citation_problems(quick11) == []


def test_quick_1_0_response_files_keep_scoring_on_1_0(tmp_path):
    from alignment_cli.commands.assessment import assess
    from tests.helpers import make_response, write_response

    folder = tmp_path / "old"
    answers: dict[str, Any] = {"shared-goals.objectives-agreed": 4}
    for role in ("sales", "marketing"):
        write_response(folder, f"{role}.yaml", make_response(role, answers, questionnaire=(QUICK, "1.0")))
    assert assess([folder]).questionnaire.version == "1.0"


def test_the_2_1_file_loads_on_its_own():
    q = load_questionnaire(REPO / "questionnaires" / "sales-marketing-alignment-2.1.yaml")
    assert q.version == "2.1"
