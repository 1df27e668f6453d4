"""Frontmatter dates: recognise the format a file uses, and write new dates in it.

Blogs write dates many ways (`2021-05-03`, `'2021-05-26 03:20:45'`,
`2019-03-12T01:13:29+09:00`, `2022-10-08 23:30`). Postdesk keeps a date as the text
in the file and, when the author picks a new date, writes it in that same shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

__all__ = ["DEFAULT_DATE_FORMAT", "DateFormat", "detect_date_format", "format_date", "parse_date"]

_PATTERN = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?P<sep>[T ])(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?P<frac>\.\d+)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?)?)?$"
)


@dataclass(frozen=True)
class DateFormat:
    """The shape of a date string: which parts it has and how they are separated."""

    time: bool = False
    separator: str = " "  # between date and time: " " or "T"
    seconds: bool = True
    fraction_digits: int = 0
    tz: str = ""  # "", "Z", "+09:00" style (colon) or "+0900" style (no colon)
    tz_colon: bool = True
    zero_pad: bool = True  # 2021-05-03 vs 2021-5-3

    def format(self, value: datetime | date) -> str:
        if isinstance(value, datetime):
            dt = value
        else:
            dt = datetime(value.year, value.month, value.day)
        if self.zero_pad:
            text = f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}"
        else:
            text = f"{dt.year:04d}-{dt.month}-{dt.day}"
        if not self.time:
            return text
        text += f"{self.separator}{dt.hour:02d}:{dt.minute:02d}"
        if self.seconds:
            text += f":{dt.second:02d}"
            if self.fraction_digits:
                frac = f"{dt.microsecond:06d}"[: self.fraction_digits].ljust(
                    self.fraction_digits, "0"
                )
                text += "." + frac
        if self.tz == "Z":
            text += "Z"
        elif self.tz:
            offset = dt.utcoffset()
            if offset is None:
                offset = _parse_offset(self.tz)
            text += _format_offset(offset, self.tz_colon)
        return text


DEFAULT_DATE_FORMAT = DateFormat(time=True, separator=" ", seconds=True)


def _parse_offset(tz: str) -> timedelta:
    if tz in ("", "Z"):
        return timedelta(0)
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4] or 0)
    return sign * timedelta(hours=hours, minutes=minutes)


def _format_offset(offset: timedelta, colon: bool) -> str:
    total = int(offset.total_seconds() // 60)
    sign = "-" if total < 0 else "+"
    total = abs(total)
    hh, mm = divmod(total, 60)
    return f"{sign}{hh:02d}:{mm:02d}" if colon else f"{sign}{hh:02d}{mm:02d}"


def detect_date_format(text: str) -> DateFormat | None:
    """The DateFormat of `text`, or None when it is not a date we recognise."""
    m = _PATTERN.match(text.strip())
    if not m:
        return None
    if parse_date(text) is None:
        return None
    zero_pad = len(m["mo"]) == 2 and len(m["d"]) == 2
    if not m["sep"]:
        return DateFormat(time=False, zero_pad=zero_pad)
    tz = m["tz"] or ""
    return DateFormat(
        time=True,
        separator=m["sep"],
        seconds=m["s"] is not None,
        fraction_digits=len(m["frac"]) - 1 if m["frac"] else 0,
        tz="Z" if tz == "Z" else (tz if tz else ""),
        tz_colon=":" in tz if tz and tz != "Z" else True,
        zero_pad=zero_pad,
    )


def parse_date(text: str) -> datetime | None:
    """Parse a frontmatter date string; None if it is not a valid date."""
    m = _PATTERN.match(text.strip())
    if not m:
        return None
    try:
        tzinfo = None
        if m["tz"]:
            tzinfo = timezone(_parse_offset(m["tz"]))
        micro = 0
        if m["frac"]:
            micro = int(m["frac"][1:7].ljust(6, "0"))
        return datetime(
            int(m["y"]),
            int(m["mo"]),
            int(m["d"]),
            int(m["h"] or 0),
            int(m["mi"] or 0),
            int(m["s"] or 0),
            micro,
            tzinfo=tzinfo,
        )
    except ValueError:
        return None


def format_date(value: datetime | date, like: str | None) -> str:
    """Format `value` the way `like` (an existing date string) is written."""
    fmt = detect_date_format(like) if like else None
    return (fmt or DEFAULT_DATE_FORMAT).format(value)
