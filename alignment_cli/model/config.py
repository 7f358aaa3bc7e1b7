"""The config file of a scheduled run (`alignment.yml`): its model, loading, and resolving paths.

Every path in the file is relative to the file's own folder, so `alignment check` gives the same
result from any working directory (a CI job, a laptop, a cron entry).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator

from alignment_cli.errors import ConfigError, InputError
from alignment_cli.formats import DEFAULT_FILE_FORMATS, FORMATS, ReportFormat, file_formats, spoken
from alignment_cli.io.yamlio import locate, read_text
from alignment_cli.model.base import UserFileModel
from alignment_cli.text import clean_text

DEFAULT_FORMATS = list(DEFAULT_FILE_FORMATS)
DEFAULT_OUTPUT = "reports"


def _a_number(value: Any, what: str, *, quoted_by_caller: bool = False) -> Any:
    """A limit is a number as written: YAML's true/yes (and a quoted "60") are not taken as one.
    `quoted_by_caller`: the error is reported at the value itself, and the message that reports
    it already adds "(got 'abc')" for a single value, so this one does not name it again."""
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    if quoted_by_caller and isinstance(value, str | int | float):
        raise ValueError(f"{what} must be a number from 0 to 100")
    shown = str(value).lower() if isinstance(value, bool) else repr(value)[:30]
    raise ValueError(f"{what} must be a number from 0 to 100, not {shown}")


def plain_path(value: str) -> str:
    """A path as written, refused when it holds what no file name needs (an escape sequence, a
    control character, a bidi override, a line break): cleaning it would name another file."""
    if clean_text(value, multiline=False) != value.strip() or "\n" in value:
        raise ValueError("a path may not hold control characters, bidi controls or line breaks")
    return value


class Thresholds(UserFileModel):
    """The limits a run must keep; any one left out is not checked."""

    alignment_index: float | None = Field(default=None, ge=0, le=100)
    max_gap: float | None = Field(default=None, ge=0, le=100)
    max_drop: float | None = Field(default=None, ge=0, le=100)
    max_overdue_actions: int | None = Field(default=None, ge=0)
    dimensions: dict[str, float] = Field(default_factory=dict)
    # on the CRM's figures (`crm:`): business hours, and shares in percent
    max_hours_to_first_contact: float | None = Field(default=None, ge=0)
    min_contacted_within_24h: float | None = Field(default=None, ge=0, le=100)
    min_contacted_within_72h: float | None = Field(default=None, ge=0, le=100)
    min_acceptance_rate: float | None = Field(default=None, ge=0, le=100)
    max_no_outcome_share: float | None = Field(default=None, ge=0, le=100)
    min_mql_to_sql: float | None = Field(default=None, ge=0, le=100)
    max_recycled_share: float | None = Field(default=None, ge=0, le=100)

    @field_validator("dimensions", mode="before")
    @classmethod
    def _empty(cls, value: Any) -> Any:
        if isinstance(value, dict):
            for key, minimum in value.items():
                _a_number(minimum, f"the minimum for {key}")
        return {} if value is None else value

    @field_validator(
        "alignment_index",
        "max_gap",
        "max_drop",
        "max_hours_to_first_contact",
        "min_contacted_within_24h",
        "min_contacted_within_72h",
        "min_acceptance_rate",
        "max_no_outcome_share",
        "min_mql_to_sql",
        "max_recycled_share",
        mode="before",
    )
    @classmethod
    def _strict_number(cls, value: Any) -> Any:
        return _a_number(value, "a threshold", quoted_by_caller=True)

    @field_validator("dimensions")
    @classmethod
    def _in_range(cls, value: dict[str, float]) -> dict[str, float]:
        for key, minimum in value.items():
            if not 0 <= minimum <= 100:
                raise ValueError(f"the minimum for {key} must lie between 0 and 100")
        return value

    @property
    def empty(self) -> bool:
        limits = (self.alignment_index, self.max_gap, self.max_drop, self.max_overdue_actions)
        return all(v is None for v in limits) and not self.dimensions and not self.on_data

    @property
    def on_data(self) -> dict[str, float]:
        """The limits set on the CRM's figures, by threshold name."""
        return {name: value for name in DATA_THRESHOLDS if (value := getattr(self, name)) is not None}


# threshold -> (the CRM figure it limits, the bound)
DATA_THRESHOLDS: dict[str, tuple[str, Literal["at least", "at most"]]] = {
    "max_hours_to_first_contact": ("hours_to_first_contact", "at most"),
    "min_contacted_within_24h": ("contacted_within_24h", "at least"),
    "min_contacted_within_72h": ("contacted_within_72h", "at least"),
    "min_acceptance_rate": ("acceptance_rate", "at least"),
    "max_no_outcome_share": ("no_outcome_share", "at most"),
    "min_mql_to_sql": ("mql_to_sql", "at least"),
    "max_recycled_share": ("recycled_share", "at most"),
}


class ReportSettings(UserFileModel):
    """Which report files to write, and the folder they go into."""

    verbatim_fields = frozenset({"output"})

    formats: list[ReportFormat] = Field(default_factory=lambda: list(DEFAULT_FORMATS))
    output: str = Field(default=DEFAULT_OUTPUT, min_length=1)
    paper: Literal["a4", "letter"] = "a4"  # for a pdf report

    _plain_output = field_validator("output")(plain_path)

    @field_validator("formats", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if value is None:
            return []
        return [value] if isinstance(value, str) else value

    @field_validator("formats")
    @classmethod
    def _files_only(cls, value: list[ReportFormat]) -> list[ReportFormat]:
        for name in value:
            if not FORMATS[name].is_file:
                raise ValueError(
                    f"{name} is drawn on screen, not written to a file; expected {spoken(file_formats())}"
                )
        return value


class Config(UserFileModel):
    """The settings as written; `LoadedConfig` adds where the file is."""

    verbatim_fields = frozenset({"questionnaire", "baseline", "responses"})  # paths: checked
    organization: str | None = None
    questionnaire: str | None = None
    responses: list[str] = Field(min_length=1)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    baseline: str | None = None
    report: ReportSettings | None = None
    min_completeness: float | None = Field(default=None, ge=0, le=100)  # in percent
    max_actions: int | None = Field(default=None, ge=1, le=100)
    actions: str | None = None  # last round's commitments (actions.yaml)
    history: str | None = None  # folder that keeps one dated result per run
    crm: str | None = None  # a CRM summary (`alignment crm import`): "What the data says"

    @field_validator("responses", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("organization", "questionnaire", "baseline", "actions", "history", "crm", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    @field_validator("thresholds", mode="before")
    @classmethod
    def _no_thresholds(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("questionnaire", "baseline")
    @classmethod
    def _plain_path(cls, value: str | None) -> str | None:
        return None if value is None else plain_path(value)

    @field_validator("responses")
    @classmethod
    def _plain_paths(cls, value: list[str]) -> list[str]:
        return [plain_path(entry) for entry in value]


@dataclass
class LoadedConfig:
    """A validated config with its file, so paths resolve and later errors can point at a line."""

    path: Path
    text: str
    settings: Config

    @property
    def folder(self) -> Path:
        return self.path.parent

    def resolve(self, relative: str | Path) -> Path:
        """A path from the file, taken relative to the file's folder unless absolute."""
        path = Path(relative).expanduser()
        return path if path.is_absolute() else self.folder / path

    def error(self, message: str, *loc: int | str) -> ConfigError:
        """A ConfigError pointing at the key in the file (line:column) when it can be found."""
        return ConfigError(message, path=self.path, where=locate(self.text, loc) if loc else None)

    @property
    def baseline_path(self) -> Path | None:
        return None if self.settings.baseline is None else self.resolve(self.settings.baseline)

    @property
    def actions_path(self) -> Path | None:
        return None if self.settings.actions is None else self.resolve(self.settings.actions)

    @property
    def crm_path(self) -> Path | None:
        return None if self.settings.crm is None else self.resolve(self.settings.crm)

    @property
    def history_folder(self) -> Path | None:
        return None if self.settings.history is None else self.resolve(self.settings.history)

    @property
    def output_folder(self) -> Path | None:
        report = self.settings.report
        return None if report is None else self.resolve(report.output)


def load_config(path: Path) -> LoadedConfig:
    """Read and validate a config file; every problem is a ConfigError naming the key and line."""
    from alignment_cli.model.validation import read_document

    try:
        text = read_text(path, what="config file")
        settings = read_document(
            Config,
            text,
            path=path,
            what="config file",
            named="config",
            expected="a mapping with questionnaire, responses, thresholds, ...",
            near_miss=True,
        )
    except ConfigError:
        raise
    except InputError as exc:
        raise ConfigError(exc.detail, path=exc.path, where=exc.where) from None
    config = LoadedConfig(path=path, text=text, settings=settings)
    _check_paths(config)
    return config


def _check_paths(config: LoadedConfig) -> None:
    """Name a missing questionnaire or responses entry at its line, before any scoring."""
    from alignment_cli.model.questionnaire import builtin_paths

    settings = config.settings
    ref = settings.questionnaire
    if ref is not None and ref.partition("@")[0] not in builtin_paths():
        target = config.resolve(ref)
        if not target.is_file():
            known = ", ".join(builtin_paths()) or "none"
            raise config.error(
                f"questionnaire {ref!r} is neither a built-in id ({known}) nor a file "
                f"({target} does not exist; paths are relative to the config file's folder)",
                "questionnaire",
            )
    for i, entry in enumerate(settings.responses):
        if any(ch in entry for ch in "*?["):
            continue  # a glob that matches nothing is reported by discovery, with its pattern
        target = config.resolve(entry)
        if not target.exists():
            raise config.error(
                f"responses: {target} does not exist (paths are relative to the config "
                "file's folder); create it and add response files, or fix the path",
                "responses",
                i,
            )
