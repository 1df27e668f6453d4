"""When something goes wrong that nothing caught: log it, keep the author's work, say so.

`install_error_reporting` is called by `run_gui` (never by tests unless they ask): it sends
the app's `logging` warnings to a size-capped log file in the user's log folder and
replaces `sys.excepthook`, which Qt calls for an exception raised in a slot. The hook
writes the traceback to that log, asks the window to write its recovery journal now, and
shows one dialog per burst of the same error rather than one per repeat.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from platformdirs import user_log_dir

if TYPE_CHECKING:
    from app.ui.dialogs import Dialogs
    from app.ui.window.main_window import MainWindow

log = logging.getLogger(__name__)

LOG_NAME = "postdesk.log"
LOG_MAX_BYTES = 1_000_000  # then postdesk.log.1 ... .3: at most 4 MB kept
LOG_BACKUPS = 3
BURST_SECONDS = 30.0  # the same error again within this time shows no second dialog

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]
Hook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def default_log_dir() -> Path:
    return Path(user_log_dir("postdesk"))


def configure_logging(log_dir: Path) -> RotatingFileHandler | None:
    """Warnings and errors the app logs go to `log_dir`/postdesk.log (rotated at 1 MB).
    None when the folder cannot be written: the app still runs, logging to stderr only."""
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            log_dir / LOG_NAME,
            maxBytes=LOG_MAX_BYTES,
            backupCount=LOG_BACKUPS,
            encoding="utf-8",
            delay=True,  # the file appears with the first warning, not at every start
        )
    except OSError as exc:
        print(f"postdesk: cannot write a log in {log_dir}: {exc}", file=sys.stderr)
        return None
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)
    return handler


def _signature(info: ExcInfo) -> tuple[str, str, str]:
    """What makes two reports "the same error": its type, message and where it was raised."""
    exc_type, exc, tb = info
    where = ""
    if tb is not None:
        last = traceback.extract_tb(tb)[-1]
        where = f"{last.filename}:{last.lineno}"
    return (exc_type.__qualname__, str(exc), where)


class ErrorReporter:
    """The `sys.excepthook` of the GUI. Never raises: a failure while reporting is logged."""

    def __init__(
        self,
        log_path: Path | None,
        window: MainWindow | None = None,
        dialogs: Dialogs | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.log_path = log_path
        self.window = window
        self.dialogs = dialogs  # None: the window's
        self.clock = clock
        self.previous_hook: Hook | None = None
        self.previous_thread_hook: Callable[[threading.ExceptHookArgs], object] | None = None
        self.handler: logging.Handler | None = None  # the log file's, removed on uninstall
        self._last: tuple[tuple[str, str, str], float] | None = None
        self._showing = False

    def install(self) -> None:
        self.previous_hook = sys.excepthook
        self.previous_thread_hook = threading.excepthook
        sys.excepthook = self
        threading.excepthook = self.thread_hook

    def uninstall(self) -> None:
        if sys.excepthook is self and self.previous_hook is not None:
            sys.excepthook = self.previous_hook
        if self.previous_thread_hook is not None:
            threading.excepthook = self.previous_thread_hook
        if self.handler is not None:
            logging.getLogger().removeHandler(self.handler)
            self.handler.close()
            self.handler = None

    def __call__(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in the terminal: as Python does
            sys.__excepthook__(exc_type, exc, tb)
            return
        info: ExcInfo = (exc_type, exc, tb)
        try:
            traceback.print_exception(exc_type, exc, tb, file=sys.stderr)
        except Exception:  # no stderr (a desktop launch): the log has it
            pass
        log.critical("An error nothing caught", exc_info=info)
        kept = self._keep_work()
        if self._should_show(info):
            self._show(info, kept)

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """A worker thread's uncaught error: logged (a dialog belongs to the GUI thread)."""
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        log.error(
            "An error nothing caught in thread %s",
            name,
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )

    def _keep_work(self) -> bool:
        """Write the recovery journal now; whether that went without an error."""
        window = self.window
        if window is None:
            return True
        try:
            window.recovery.write_journal()
            window.recovery.settle_journal()  # a big post's entry is written off-thread
        except Exception:  # reporting one error must not raise another
            log.exception("Could not write the recovery journal after an error")
            return False
        return True

    def _should_show(self, info: ExcInfo) -> bool:
        if self._showing:  # its dialog's event loop ran into the error again
            return False
        signature, now = _signature(info), self.clock()
        last = self._last
        self._last = (signature, now)
        return last is None or last[0] != signature or now - last[1] > BURST_SECONDS

    def _show(self, info: ExcInfo, kept: bool) -> None:
        dialogs = self.dialogs or (self.window.dialogs if self.window is not None else None)
        if dialogs is None:
            from app.ui.dialogs import Dialogs

            dialogs = Dialogs(None)
        self._showing = True
        try:
            dialogs.report_error(error_summary(info, self.log_path, kept), _details(info))
        except Exception:
            log.exception("Could not show the error dialog")
        finally:
            self._showing = False
            self._last = (_signature(info), self.clock())  # the burst counts from its close


def error_summary(info: ExcInfo, log_path: Path | None, kept: bool) -> str:
    exc_type, exc, _tb = info
    what = f"{exc_type.__name__}: {exc}" if str(exc) else exc_type.__name__
    where = (
        f"The details are in the log: {log_path}"
        if log_path is not None
        else "The log could not be written; the details are below."
    )
    work = (
        "Your unsaved work is kept: the post stays open, and a recovery copy was written."
        if kept
        else "Your unsaved work is still open, but no recovery copy could be written: "
        "save it now (File > Save As…)."
    )
    return f"Postdesk ran into an error it did not expect:\n{what}\n\n{work}\n\n{where}"


def _details(info: ExcInfo) -> str:
    return "".join(traceback.format_exception(*info))


def install_error_reporting(
    window: MainWindow | None = None, log_dir: Path | None = None
) -> ErrorReporter:
    """For the GUI: the log file, then the hook (the window can be attached later)."""
    folder = log_dir or default_log_dir()
    handler = configure_logging(folder)
    reporter = ErrorReporter(Path(handler.baseFilename) if handler else None, window)
    reporter.handler = handler
    reporter.install()
    return reporter
