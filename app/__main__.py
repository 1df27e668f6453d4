"""Entry point: `postdesk` opens the GUI; `postdesk render|index|get|set|new|…` run headless."""

from app.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
