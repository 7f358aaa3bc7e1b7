"""The config file of scheduled runs: the documented format loads; every mistake is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignment_cli.errors import ConfigError
from alignment_cli.model.config import DEFAULT_FORMATS, load_config
from tests.helpers import MINI

DESIGN_EXAMPLE = """\
organization: Acme Corp
questionnaire: sales-marketing-alignment   # built-in id, or a path
responses: [responses/]                   # files, folders or globs
thresholds: {alignment_index: 60, max_gap: 25, max_drop: 5}
baseline: results/last.json               # optional
report: {formats: [md, html, json], output: reports/}
"""


def write(folder: Path, text: str, name: str = "alignment.yml") -> Path:
    (folder / "responses").mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def error_of(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value


def test_the_documented_example_loads(tmp_path):
    config = load_config(write(tmp_path, DESIGN_EXAMPLE))
    s = config.settings
    assert s.organization == "Acme Corp"
    assert s.questionnaire == "sales-marketing-alignment"
    assert s.responses == ["responses/"]
    assert (s.thresholds.alignment_index, s.thresholds.max_gap, s.thresholds.max_drop) == (60, 25, 5)
    assert s.thresholds.dimensions == {}
    assert s.report is not None and s.report.formats == ["md", "html", "json"]
    # paths are relative to the config file, not to the working directory
    assert config.baseline_path == tmp_path / "results" / "last.json"
    assert config.output_folder == tmp_path / "reports/"


def test_minimal_config_and_defaults(tmp_path):
    config = load_config(write(tmp_path, "responses: responses\n"))
    s = config.settings
    assert s.responses == ["responses"]  # one entry may be written without brackets
    assert s.questionnaire is None and s.baseline is None and s.report is None
    assert s.thresholds.empty
    assert config.baseline_path is None and config.output_folder is None
    with_report = load_config(write(tmp_path, "responses: [responses]\nreport: {}\n"))
    assert with_report.settings.report is not None
    assert with_report.settings.report.formats == DEFAULT_FORMATS
    assert with_report.output_folder == tmp_path / "reports"


def test_dimension_minimums(tmp_path):
    config = load_config(
        write(
            tmp_path,
            "responses: [responses]\nthresholds:\n  dimensions: {lead-handoff: 50, shared-goals: 40}\n",
        )
    )
    assert config.settings.thresholds.dimensions == {"lead-handoff": 50, "shared-goals": 40}
    assert not config.settings.thresholds.empty


def test_questionnaire_path_relative_to_the_config(tmp_path):
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / "mini.yaml").write_bytes(MINI.read_bytes())
    config = load_config(write(tmp_path, "questionnaire: q/mini.yaml\nresponses: [responses]\n"))
    assert config.resolve(config.settings.questionnaire) == tmp_path / "q" / "mini.yaml"


@pytest.mark.parametrize(
    ("text", "where", "needle"),
    [
        ("responses: [responses]\nthreshold: {max_gap: 20}\n", "2:1", "threshold: unknown key"),
        (
            "responses: [responses]\nthresholds:\n  max_gap: 20\n  max_dorp: 5\n",
            "4:3",
            "thresholds.max_dorp: unknown key",
        ),
        ("responses: [responses]\nreport: {formats: [md, docx]}\n", "2:24", "report.formats[1]"),
        ("responses: [responses]\nreport: {format: [md]}\n", "2:10", "report.format: unknown key"),
        (
            "responses: [responses]\nthresholds: {alignment_index: 160}\n",
            "2:14",
            "thresholds.alignment_index",
        ),
        ("responses: [responses]\nthresholds: {max_gap: many}\n", "2:14", "thresholds.max_gap"),
        ("responses: [responses]\nthresholds: {dimensions: {leads: 150}}\n", "2:14", "between 0 and 100"),
        # YAML's .inf and .nan are numbers to the parser, but no limit: each is refused by name
        (
            "responses: [responses]\nthresholds: {max_gap: .inf}\n",
            "2:14",
            "thresholds.max_gap: Input should be a finite number (got inf)",
        ),
        (
            "responses: [responses]\nthresholds: {alignment_index: .nan}\n",
            "2:14",
            "thresholds.alignment_index: Input should be a finite number (got nan)",
        ),
        (
            "responses: [responses]\nthresholds: {max_drop: -.inf}\n",
            "2:14",
            "thresholds.max_drop: Input should be a finite number (got -inf)",
        ),
        (
            "responses: [responses]\nthresholds:\n  dimensions: {leads: .nan}\n",
            "3:16",
            "thresholds.dimensions.leads: Input should be a finite number (got nan)",
        ),
        ("organization: Acme\n", None, "responses: required key is missing"),
        ("responses: []\n", "1:1", "responses"),
    ],
)
def test_mistakes_name_the_key_and_line(tmp_path, text, where, needle):
    error = error_of(write(tmp_path, text))
    assert needle in str(error)
    assert error.path == str(tmp_path / "alignment.yml")
    if where is not None:
        assert error.where == where


def test_missing_responses_folder_is_named_at_its_line(tmp_path):
    path = tmp_path / "alignment.yml"
    path.write_text("organization: Acme\nresponses: [answers/, more.yaml]\n", encoding="utf-8")
    error = error_of(path)
    assert error.where == "2:13"
    assert "answers does not exist" in str(error)


def test_missing_questionnaire_file_is_named_at_its_line(tmp_path):
    error = error_of(write(tmp_path, "responses: [responses]\nquestionnaire: q/nope.yaml\n"))
    assert error.where == "2:1"
    assert "neither a built-in id" in str(error)
    assert str(tmp_path / "q" / "nope.yaml") in str(error)


def test_a_glob_is_left_to_discovery(tmp_path):
    config = load_config(write(tmp_path, "responses: ['responses/*.yaml']\n"))
    assert config.settings.responses == ["responses/*.yaml"]


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("", "is empty"),
        ("- responses\n", "expected a mapping"),
        ("responses: [a\n", "alignment.yml:2:1"),
        ("responses: !!python/object:os.system x\n", "not allowed"),
    ],
)
def test_broken_files(tmp_path, text, needle):
    error = error_of(write(tmp_path, text))
    assert needle in str(error)


def test_missing_file(tmp_path):
    error = error_of(tmp_path / "alignment.yml")
    assert "config file not found" in str(error)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("responses: [responses]\nthreshold: {max_gap: 20}\n", "(did you mean thresholds?)"),
        ("responses: [responses]\nresponse: [x]\n", "(did you mean responses?)"),
        ("responses: [responses]\nbaselin: x.json\n", "(did you mean baseline?)"),
        ("responses: [responses]\nthresholds: {max_dorp: 5}\n", "(did you mean max_drop?)"),
        ("responses: [responses]\nthresholds: {alignment_idx: 5}\n", "(did you mean alignment_index?)"),
        ("responses: [responses]\nreport: {format: [md]}\n", "(did you mean formats?)"),
        ("responses: [responses]\nreport: {outptu: x/}\n", "(did you mean output?)"),
    ],
)
def test_a_misspelt_key_gets_did_you_mean(tmp_path, text, needle):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert needle in str(caught.value)


@pytest.mark.parametrize("key", ["zzz", "colour", "x"])
def test_a_key_like_nothing_lists_the_keys_instead(tmp_path, key):
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, f"responses: [responses]\n{key}: 1\n"))
    message = str(caught.value)
    assert "did you mean" not in message
    assert "the keys here are organization, questionnaire, responses, thresholds" in message
