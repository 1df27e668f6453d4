"""The blog's "profile": which frontmatter fields its posts use, and how they write them.

Inferred from the posts already in a folder, so a new post (and the frontmatter form)
follows the blog's own keys, key order, quoting, date format and tags form.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from dataclasses import field as dataclass_field
from datetime import datetime
from pathlib import Path
from typing import Any

from app.core.errors import FrontmatterError
from app.core.library.index import Library, scan
from app.core.post.dates import DEFAULT_DATE_FORMAT, DateFormat, detect_date_format
from app.core.post.frontmatter import FieldStyle, Frontmatter, split_document, split_terms

__all__ = [
    "DEFAULT_EMOJI",
    "DEFAULT_PROFILE",
    "KINDS",
    "BlogProfile",
    "FieldSpec",
    "infer_profile",
    "profile_for_folder",
    "profile_from_json",
    "profile_to_json",
]

KINDS = ("text", "longtext", "date", "terms", "bool", "emoji", "number", "list", "map")
DEFAULT_EMOJI = "📝"
DATE_KEYS = ("date", "created", "pubDate")  # the post's own date, in order of preference

_HINTS: dict[str, str] = {
    **dict.fromkeys(("tags", "categories", "category", "keywords"), "terms"),
    **dict.fromkeys(("date", "update", "updated", "created", "lastmod", "pubdate"), "date"),
    **dict.fromkeys(("emoji", "icon"), "emoji"),
    **dict.fromkeys(("draft", "published"), "bool"),
    **dict.fromkeys(("excerpt", "description", "summary"), "longtext"),
}
# short text fields whose values are a vocabulary worth offering (others: only if repeated)
_VOCABULARY_KEYS = frozenset({"author", "authors", "series", "layout", "type", "lang", "language"})
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_LONG_TEXT = 100  # average length above which a text field gets a multi-line editor


@dataclass(frozen=True)
class FieldSpec:
    """One frontmatter key as the blog uses it."""

    key: str
    kind: str  # one of KINDS
    count: int  # posts that have it
    required: bool  # every (non-broken) post has it
    style: FieldStyle  # the most common way it is written
    terms_form: str | None = None  # "list" | "spaced" for terms fields
    date_format: DateFormat | None = None
    values: tuple[tuple[str, int], ...] = ()  # vocabulary in use, most common first


@dataclass(frozen=True)
class BlogProfile:
    """The fields of a blog's posts in the blog's usual key order."""

    fields: tuple[FieldSpec, ...]
    post_count: int = 0
    _index: dict[str, FieldSpec] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {f.key: f for f in self.fields})

    def field(self, key: str) -> FieldSpec | None:
        return self._index.get(key)

    @property
    def date_key(self) -> str | None:
        """The key holding the post's date (`date`, else `created`, else `pubDate`)."""
        return next((k for k in DATE_KEYS if k in self._index), None)

    def new_frontmatter(self, title: str, when: datetime, *, newline: str = "\n") -> str:
        """YAML (without fences) for a new post written the way this blog writes posts."""
        lines: list[str] = []
        later: dict[str, Any] = {}  # values set through Frontmatter, which quotes as needed
        for spec in self._new_post_fields():
            key_text = spec.key if _PLAIN_KEY.match(spec.key) else _quote_key(spec.key)
            quote = spec.style.quote if spec.style.quote in ("'", '"') else ""
            empty = (quote or "'") * 2
            if spec.key == "title":
                lines.append(f"{key_text}: {quote * 2 if quote else 'x'}")
                later[spec.key] = title
            elif spec.kind == "date":
                # other date fields (update, lastmod) start equal to the post's date
                fmt = spec.date_format or DEFAULT_DATE_FORMAT
                lines.append(f"{key_text}: {quote}{fmt.format(when)}{quote}")
            elif spec.kind == "terms":
                lines.append(f"{key_text}: {empty if spec.terms_form == 'spaced' else '[]'}")
            elif spec.kind in ("list", "map"):
                lines.append(f"{key_text}: {'[]' if spec.kind == 'list' else '{}'}")
            elif spec.kind == "bool":
                lines.append(f"{key_text}: {_new_bool(spec)}")
            elif spec.kind == "emoji":
                lines.append(f"{key_text}: {quote * 2 if quote else 'x'}")
                later[spec.key] = DEFAULT_EMOJI
            elif spec.kind == "number" and spec.values:
                lines.append(f"{key_text}: {spec.values[0][0]}")
            elif spec.kind == "text" and (shared := _shared_value(spec)) is not None:
                lines.append(f"{key_text}: {quote * 2 if quote else 'x'}")
                later[spec.key] = shared  # the author, layout, … most of the blog's posts share
            else:
                lines.append(f"{key_text}: {empty}")
        raw = "".join(line + newline for line in lines)
        fm = Frontmatter(raw, newline=newline)
        for key, value in later.items():
            fm.set(key, value)
        return fm.raw

    def _new_post_fields(self) -> list[FieldSpec]:
        date_key = self.date_key
        chosen = []
        for spec in self.fields:
            keep = (
                spec.required
                or spec.count * 2 >= self.post_count  # most posts have it
                or spec.key in ("title", date_key)
                or spec.kind in ("terms", "emoji")
                or spec.key in ("draft", "published")
            )
            if keep:
                chosen.append(spec)
        if not any(s.key == "title" for s in chosen):
            chosen.insert(0, FieldSpec("title", "text", 0, False, FieldStyle("scalar")))
        return chosen


def _shared_value(spec: FieldSpec) -> str | None:
    """The value nearly every post with this key shares (`author: Minjun`, `layout: post`),
    if any; not for keys whose values differ from post to post (subtitle, series)."""
    if not spec.values:
        return None
    value, uses = spec.values[0]
    return value if uses >= 2 and uses * 5 >= spec.count * 4 and value.strip() else None


def _quote_key(key: str) -> str:
    return "'" + key.replace("'", "''") + "'"


def _new_bool(spec: FieldSpec) -> str:
    if spec.key == "draft":
        return "true"
    if spec.key == "published":
        return "false"
    return spec.values[0][0] if spec.values else "false"


# -- inference ----------------------------------------------------------------------------


def _is_emoji(text: str) -> bool:
    text = text.strip()
    return (
        0 < len(text) <= 16
        and not any(ch.isalnum() for ch in text)
        and any(ord(ch) >= 0x2000 for ch in text)
    )


def _bool_like(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    return isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no")


def _kind_from_values(values: list[Any]) -> str:
    if not values:
        return "text"
    if all(isinstance(v, bool) for v in values):
        return "bool"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "number"
    if any(isinstance(v, dict) for v in values):
        return "map"
    if all(isinstance(v, list) for v in values):
        return "list"
    texts = [v for v in values if isinstance(v, str)]
    if len(texts) != len(values):
        return "text"
    if all(detect_date_format(v) for v in texts):
        return "date"
    if all(_is_emoji(v) for v in texts):
        return "emoji"
    if any("\n" in v.strip() for v in texts) or sum(map(len, texts)) / len(texts) > _LONG_TEXT:
        return "longtext"
    return "text"


def _infer_kind(key: str, values: list[Any]) -> str:
    hint = _HINTS.get(key.lower())
    texts = [v for v in values if isinstance(v, str)]
    if hint == "terms":
        return "terms"
    if hint == "longtext" and all(isinstance(v, str) for v in values):
        return "longtext"
    if hint == "bool" and all(_bool_like(v) for v in values):
        return "bool"
    if hint == "date" and sum(1 for v in texts if detect_date_format(v)) * 2 >= len(values):
        return "date"
    if hint == "emoji" and sum(1 for v in texts if _is_emoji(v)) * 2 >= len(values):
        return "emoji"
    return _kind_from_values(values)


def _present(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _key_order(orders: list[list[str]]) -> list[str]:
    """Keys by their average relative position; ties keep first appearance."""
    positions: dict[str, list[float]] = defaultdict(list)
    first_seen: dict[str, int] = {}
    for keys in orders:
        span = max(len(keys) - 1, 1)
        for i, key in enumerate(keys):
            positions[key].append(i / span)
            first_seen.setdefault(key, len(first_seen))
    return sorted(positions, key=lambda k: (sum(positions[k]) / len(positions[k]), first_seen[k]))


def infer_profile(posts_frontmatter: Iterable[Frontmatter]) -> BlogProfile:
    """The profile of a blog from its posts' (parsed) frontmatter; DEFAULT_PROFILE if none."""
    orders: list[list[str]] = []
    values: dict[str, list[Any]] = defaultdict(list)
    styles: dict[str, Counter[tuple[str, str, bool]]] = defaultdict(Counter)
    formats: dict[str, Counter[DateFormat]] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    post_count = 0
    for fm in posts_frontmatter:
        post_count += 1
        keys = [k for k in fm if isinstance(k, str)]
        orders.append(keys)
        for key in keys:
            counts[key] += 1
            value = fm.get(key)
            style = fm.style(key)
            if style is not None and style.kind != "empty":
                styles[key][(style.kind, style.quote, style.flow)] += 1
            if style is not None and style.date_format is not None:
                formats[key][style.date_format] += 1
            if _present(value):
                values[key].append(value)
    if post_count == 0:
        return DEFAULT_PROFILE
    specs = []
    for key in _key_order(orders):
        vals = values.get(key, [])
        kind = _infer_kind(key, vals)
        voted = styles[key].most_common(1)
        kind_q_flow = voted[0][0] if voted else ("empty", "", False)
        date_format = formats[key].most_common(1)[0][0] if formats[key] else None
        style = FieldStyle(
            kind_q_flow[0],  # type: ignore[arg-type]
            quote=kind_q_flow[1],
            flow=kind_q_flow[2],
            date_format=date_format,
        )
        terms_form = None
        vocab: Counter[str] = Counter()
        if kind == "terms":
            spaced = sum(1 for v in vals if isinstance(v, str))
            terms_form = "spaced" if spaced * 2 > len(vals) else "list"
            for v in vals:
                vocab.update(dict.fromkeys(split_terms(v), 1))
        elif kind in ("text", "emoji", "bool", "number"):
            texts = [_scalar_text(v) for v in vals if not isinstance(v, list | dict)]
            if texts and (
                key.lower() in _VOCABULARY_KEYS
                or kind != "text"
                or (len(set(texts)) * 2 <= len(texts) and max(map(len, texts)) <= 40)
            ):
                vocab.update(texts)
        ranked = tuple(sorted(vocab.items(), key=lambda kv: (-kv[1], kv[0])))
        specs.append(
            FieldSpec(
                key=key,
                kind=kind,
                count=counts[key],
                required=counts[key] == post_count,
                style=style,
                terms_form=terms_form,
                date_format=date_format if kind == "date" else None,
                values=ranked,
            )
        )
    return BlogProfile(tuple(specs), post_count)


def _read_frontmatter(path: Path) -> Frontmatter | None:
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig") if data.startswith(codecs.BOM_UTF8) else data.decode()
    except (OSError, UnicodeDecodeError):
        return None
    split = split_document(text)
    if not split.has_frontmatter or not split.closed:
        return None
    newline = "\r\n" if "\r\n" in split.open_fence else "\n"
    try:
        return Frontmatter(split.raw, fmt=split.format, newline=newline)
    except FrontmatterError:
        return None


def profile_for_folder(
    root: Path, *, library: Library | None = None, limit: int = 200
) -> BlogProfile:
    """The profile of the blog in `root`, from its `limit` newest readable posts.

    Pass the folder's `library` to skip scanning it again.
    """
    lib = library if library is not None else scan(root)
    frontmatters: list[Frontmatter] = []
    for entry in lib.entries:
        if len(frontmatters) >= limit:
            break
        if entry.error is not None:
            continue
        fm = _read_frontmatter(entry.path)
        if fm is not None:
            frontmatters.append(fm)
    return infer_profile(frontmatters)


_JSON_VERSION = 1


def profile_to_json(profile: BlogProfile) -> dict[str, Any]:
    """`profile` as JSON-ready data (e.g. to remember a folder's profile between starts)."""
    return {
        "version": _JSON_VERSION,
        "post_count": profile.post_count,
        "fields": [asdict(spec) for spec in profile.fields],
    }


def profile_from_json(data: Any) -> BlogProfile:
    """The profile `profile_to_json` wrote. Raises ValueError if `data` is not one."""

    def date_format(value: Any) -> DateFormat | None:
        return None if value is None else DateFormat(**value)

    try:
        if data["version"] != _JSON_VERSION:
            raise ValueError(f"profile version {data['version']!r}")
        specs = []
        for spec in data["fields"]:
            style = spec["style"]
            specs.append(
                FieldSpec(
                    key=str(spec["key"]),
                    kind=str(spec["kind"]),
                    count=int(spec["count"]),
                    required=bool(spec["required"]),
                    style=FieldStyle(
                        style["kind"],
                        quote=str(style["quote"]),
                        flow=bool(style["flow"]),
                        date_format=date_format(style["date_format"]),
                    ),
                    terms_form=spec["terms_form"],
                    date_format=date_format(spec["date_format"]),
                    values=tuple((str(value), int(n)) for value, n in spec["values"]),
                )
            )
        return BlogProfile(tuple(specs), int(data["post_count"]))
    except (LookupError, TypeError, AttributeError) as exc:
        raise ValueError(f"not a blog profile: {exc}") from exc


def _default_profile() -> BlogProfile:
    plain = FieldStyle("scalar")
    return BlogProfile(
        (
            FieldSpec("title", "text", 0, False, plain),
            FieldSpec(
                "date",
                "date",
                0,
                False,
                FieldStyle("scalar", quote="'", date_format=DEFAULT_DATE_FORMAT),
                date_format=DEFAULT_DATE_FORMAT,
            ),
            FieldSpec("description", "longtext", 0, False, plain),
            FieldSpec("tags", "terms", 0, False, FieldStyle("list", flow=True), terms_form="list"),
            FieldSpec("draft", "bool", 0, False, plain),
        ),
        0,
    )


DEFAULT_PROFILE = _default_profile()
