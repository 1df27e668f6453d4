"""Scripted answers to the questions the window and its controllers ask."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from app.ui.dialogs import Dialogs, Unsaved


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
