"""Scripted answers to the questions the window and its controllers ask."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.ui.dialogs import Dialogs, Unsaved

if TYPE_CHECKING:
    from app.core.recovery.merge import MergeResult
    from app.core.recovery.store import JournalEntry


class ScriptedDialogs(Dialogs):
    """Answers from lists the test fills; records what was asked."""

    def __init__(self) -> None:
        super().__init__(None)
        self.unsaved_answers: list[Unsaved] = []
        self.text_answers: list[str | None] = []
        self.confirm_answers: list[bool] = []
        self.save_paths: list[Path | None] = []
        self.asked: list[tuple[str, Any]] = []
        self.errors: list[tuple[str, str]] = []
        self.error_reports: list[str] = []  # report_error's texts (an error nothing caught)

    def ask_unsaved(self, title: str) -> Unsaved:
        self.asked.append(("unsaved", title))
        if not self.unsaved_answers:  # unscripted (e.g. closing at the end): recorded, dropped
            return "discard"
        return self.unsaved_answers.pop(0)

    def ask_text(self, title: str, label: str, default: str = "") -> str | None:
        self.asked.append(("text", title))
        return self.text_answers.pop(0)

    def confirm(self, title: str, text: str, ok_label: str = "OK") -> bool:
        self.asked.append(("confirm", title))
        return self.confirm_answers.pop(0)

    def error(self, title: str, text: str) -> None:
        self.errors.append((title, text))

    def report_error(self, text: str, details: str) -> None:
        self.error_reports.append(text)

    def info(self, title: str, text: str) -> None:
        self.asked.append(("info", title))

    def choose_save_path(self, start: str) -> Path | None:
        self.asked.append(("save_path", start))
        return self.save_paths.pop(0)


class ScriptedMerge:
    """Stands in for the merge dialog: records what it was shown, then accepts the merge
    (when it is clean) or cancels."""

    def __init__(self, accept: bool = True) -> None:
        self.accept = accept
        self.shown: list[tuple[MergeResult, str, str | None]] = []
        self._result: MergeResult | None = None

    def __call__(self, result: MergeResult, mine: str, theirs: str | None = None) -> ScriptedMerge:
        """The controller's `make_merge_dialog`."""
        self.shown.append((result, mine, theirs))
        self._result = result
        return self

    def exec(self) -> int:
        return int(self.accept)

    def merged_text(self) -> str | None:
        if not self.accept or self._result is None:
            return None
        assert self._result.is_clean, "a scripted merge accepts only clean merges"
        return self._result.text()


class ScriptedRestore:
    """Stands in for the restore dialog: every entry gets `choice`."""

    def __init__(self, choice: str = "restore") -> None:
        self.choice = choice
        self.offered: list[Path] = []  # the entries' post paths, as the journal keeps them

    def __call__(self, entries: list[JournalEntry]) -> ScriptedRestore:
        """The controller's `make_restore_dialog`."""
        self.offered = [e.post_path for e in entries]
        return self

    def exec(self) -> int:
        return 1

    def decisions(self) -> dict[Path, str]:
        return dict.fromkeys(self.offered, self.choice)
