"""Three-way merge of a post edited on disk while the author had unsaved changes.

`merge_post(base, mine, theirs)` takes three whole post texts: what was loaded
(base), the editor's text (mine) and the file on disk now (theirs).

- The body is merged line by line, diff3-style: a region changed on one side only
  takes that side; changed on both sides the same way, once; changed differently, a
  `Conflict` hunk with the base, mine and theirs lines.
- The frontmatter is merged per field, by value: a key changed (added, removed) on
  one side takes that side; changed on both to different values is a `FieldConflict`.
  The results are applied with `Frontmatter.set` / `delete` to the base's YAML, so
  the lines of untouched keys keep their bytes. When any side's YAML cannot be read,
  the whole frontmatter block is one `FrontmatterConflict`; when a side's frontmatter
  has no closing fence, the whole text is merged line by line instead.

Nothing is written: the UI shows `MergeResult.conflicts`, calls `resolve()` for each,
and saves `text()` only when the author accepts.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, Literal

from app.core.errors import FieldError, FrontmatterError, PostError
from app.core.post.frontmatter import FENCES, Frontmatter, Split, split_document
from app.core.post.yamlcore import YamlLoadError, load_core
from app.core.recovery.store import split_lines

__all__ = [
    "MISSING",
    "Conflict",
    "FieldConflict",
    "FrontmatterConflict",
    "MergeResult",
    "UnresolvedConflictsError",
    "merge_lines",
    "merge_post",
]

Side = Literal["base", "mine", "theirs"]
_SIDES: tuple[Side, ...] = ("base", "mine", "theirs")


class _Missing(enum.Enum):
    MISSING = "missing"

    def __repr__(self) -> str:
        return "MISSING"


MISSING = _Missing.MISSING  # a key absent on that side (resolving to it deletes the key)


class UnresolvedConflictsError(PostError):
    """`MergeResult.text()` was asked for while conflicts remain."""


@dataclass
class Conflict:
    """Body lines changed differently on both sides (lines keep their newlines)."""

    id: int
    base_lines: list[str]
    mine_lines: list[str]
    theirs_lines: list[str]
    base_start: int = (
        0  # 0-based line in the base's body (whole text if whole_text) where it starts
    )

    def side_text(self, side: Side) -> str:
        lines = {"base": self.base_lines, "mine": self.mine_lines, "theirs": self.theirs_lines}
        return "".join(lines[side])


@dataclass
class FieldConflict:
    """One frontmatter key set to different values on both sides (MISSING: deleted/absent)."""

    id: int
    key: Any
    base: Any
    mine: Any
    theirs: Any

    def side_value(self, side: Side) -> Any:
        return {"base": self.base, "mine": self.mine, "theirs": self.theirs}[side]


@dataclass
class FrontmatterConflict:
    """The whole frontmatter block (fences included, "" when absent): a side's YAML is broken."""

    id: int
    base: str
    mine: str
    theirs: str

    def side_text(self, side: Side) -> str:
        return {"base": self.base, "mine": self.mine, "theirs": self.theirs}[side]


AnyConflict = Conflict | FieldConflict | FrontmatterConflict
Hunk = str | Conflict  # merged text, or a conflict


# -- line merge ----------------------------------------------------------------------------


def _matches(base: Sequence[str], other: Sequence[str]) -> dict[int, int]:
    matcher = SequenceMatcher(None, base, other, autojunk=False)
    pairs: dict[int, int] = {}
    for block in matcher.get_matching_blocks():
        for n in range(block.size):
            pairs[block.a + n] = block.b + n
    return pairs


def merge_lines(
    base: Sequence[str], mine: Sequence[str], theirs: Sequence[str], *, first_id: int = 0
) -> list[Hunk]:
    """diff3: lines matched in both diffs against the base are stable; each region
    between stable lines is taken from the side that changed it, or is a Conflict."""
    prefix = 0
    while (
        prefix < min(len(base), len(mine), len(theirs))
        and base[prefix] == mine[prefix] == theirs[prefix]
    ):
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(base), len(mine), len(theirs)) - prefix
        and base[-1 - suffix] == mine[-1 - suffix] == theirs[-1 - suffix]
    ):
        suffix += 1
    b_mid = base[prefix : len(base) - suffix]
    m_mid = mine[prefix : len(mine) - suffix]
    t_mid = theirs[prefix : len(theirs) - suffix]
    to_mine, to_theirs = _matches(b_mid, m_mid), _matches(b_mid, t_mid)

    hunks: list[Hunk] = ["".join(base[:prefix])]
    next_id = first_id

    def chunk(o0: int, o1: int, a0: int, a1: int, t0: int, t1: int) -> None:
        nonlocal next_id
        b_part, m_part, t_part = b_mid[o0:o1], m_mid[a0:a1], t_mid[t0:t1]
        if m_part == b_part:
            hunks.append("".join(t_part))
        elif t_part == b_part or m_part == t_part:
            hunks.append("".join(m_part))
        else:
            hunks.append(Conflict(next_id, list(b_part), list(m_part), list(t_part), prefix + o0))
            next_id += 1

    i = j = k = 0
    for o in range(len(b_mid)):
        a, t = to_mine.get(o), to_theirs.get(o)
        if a is None or t is None:
            continue
        if (o, a, t) != (i, j, k):
            chunk(i, o, j, a, k, t)
        hunks.append(b_mid[o])
        i, j, k = o + 1, a + 1, t + 1
    if (i, j, k) != (len(b_mid), len(m_mid), len(t_mid)):
        chunk(i, len(b_mid), j, len(m_mid), k, len(t_mid))
    hunks.append("".join(base[len(base) - suffix :]))
    return _coalesce(hunks)


def _coalesce(hunks: list[Hunk]) -> list[Hunk]:
    out: list[Hunk] = []
    for hunk in hunks:
        if isinstance(hunk, str):
            if not hunk:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += hunk
                continue
        out.append(hunk)
    return out


# -- frontmatter merge -----------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    """Equal values of the same YAML types (1, 1.0 and true differ; nan equals nan)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, float) and a != a:
        return bool(b != b)
    return bool(a == b)


def _header(split: Split) -> str:
    return split.open_fence + split.raw + split.close_fence


def _dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    return "\r\n" if crlf > text.count("\n") - crlf else "\n"


def _parse(split: Split, newline: str) -> Frontmatter:
    return Frontmatter(
        split.raw if split.has_frontmatter else "", fmt=split.format, newline=newline
    )


@dataclass
class _FieldMerge:
    base_doc: Frontmatter
    ops: list[tuple[Any, Any]]  # (key, value or MISSING), in the order to apply
    open_fence: str
    close_fence: str
    had_frontmatter: bool


class MergeResult:
    """The merged post: automatic results plus conflicts the author resolves one by one."""

    def __init__(self) -> None:
        self.conflicts: list[AnyConflict] = []
        self.body: list[Hunk] = []  # the body's hunks (the whole text when whole_text)
        self.whole_text = False  # a side's frontmatter is unclosed: all lines merged as body
        self.base_body_line = 0  # 0-based line of the base file where its body starts
        self.field_sources: dict[Any, Literal["mine", "theirs", "both"]] = {}
        self.header_text: str | None = None  # a header taken as is (no field merge)
        self._fields: _FieldMerge | None = None
        self._choices: dict[int, str | Any] = {}  # conflict id -> text (body/block) or value

    # -- reading ---------------------------------------------------------------------------

    @property
    def is_clean(self) -> bool:
        """True when no conflict is left unresolved (text() will succeed)."""
        return not self.unresolved

    @property
    def unresolved(self) -> list[AnyConflict]:
        return [c for c in self.conflicts if c.id not in self._choices]

    def conflict(self, conflict_id: int) -> AnyConflict:
        for candidate in self.conflicts:
            if candidate.id == conflict_id:
                return candidate
        raise KeyError(conflict_id)

    # -- resolving -------------------------------------------------------------------------

    def resolve(self, conflict_id: int, choice: str) -> None:
        """Settle a conflict with "mine", "theirs", "base", or custom text: the lines for a
        body hunk, the whole block (fences included) for the frontmatter, or the YAML text
        of the value (what follows `key: `) for a field."""
        found = self.conflict(conflict_id)
        if choice in _SIDES:
            side: Side = choice
            if isinstance(found, FieldConflict):
                self.resolve_value(conflict_id, found.side_value(side))
            else:
                self._choices[conflict_id] = found.side_text(side)
            return
        self.resolve_custom(conflict_id, choice)

    def resolve_custom(self, conflict_id: int, text: str) -> None:
        """Settle a conflict with the author's own text (see `resolve`)."""
        found = self.conflict(conflict_id)
        if isinstance(found, FieldConflict):
            try:
                value = load_core(text) if text.strip() else None
            except YamlLoadError as exc:
                raise FieldError(f"{found.key}: not a YAML value: {exc.message}") from exc
            self.resolve_value(conflict_id, value)
            return
        self._choices[conflict_id] = text

    def resolve_value(self, conflict_id: int, value: Any) -> None:
        """Settle a field conflict with a value (MISSING deletes the key). Raises
        FieldError when the value cannot be written in the frontmatter."""
        found = self.conflict(conflict_id)
        if not isinstance(found, FieldConflict):
            raise TypeError(f"conflict {conflict_id} is not a frontmatter field")
        assert self._fields is not None
        base = self._fields.base_doc
        trial = Frontmatter(base.raw, fmt=base.format, newline=base.newline)
        _apply(trial, [(found.key, value)])
        self._choices[conflict_id] = value

    def unresolve(self, conflict_id: int) -> None:
        self._choices.pop(conflict_id, None)

    # -- the result ------------------------------------------------------------------------

    def text(self) -> str:
        """The merged post. Raises UnresolvedConflictsError while conflicts remain, and
        FieldError if a chosen field value cannot be written."""
        left = self.unresolved
        if left:
            raise UnresolvedConflictsError(
                f"{len(left)} conflict{'s' if len(left) != 1 else ''} left to resolve"
            )
        return self._header() + self._join(self.body, markers=False)

    def body_preview(self) -> str:
        """The body (or whole text) with unresolved hunks as diff3 conflict markers."""
        return self._join(self.body, markers=True)

    def _header(self) -> str:
        if self.header_text is not None:
            return self.header_text
        block = next((c for c in self.conflicts if isinstance(c, FrontmatterConflict)), None)
        if block is not None:
            return str(self._choices[block.id])
        if self._fields is None:
            return ""
        fm = self._fields
        doc = Frontmatter(fm.base_doc.raw, fmt=fm.base_doc.format, newline=fm.base_doc.newline)
        chosen = {
            c.key: self._choices[c.id] for c in self.conflicts if isinstance(c, FieldConflict)
        }
        _apply(doc, [(key, chosen.get(key, value)) for key, value in fm.ops])
        if not fm.had_frontmatter and not doc.keys():
            return ""  # no frontmatter before, none after
        newline, fence = doc.newline, FENCES[doc.format]  # (Hugo's JSON object has none)
        close = fm.close_fence if fm.close_fence.endswith("\n") or not fence else fence + newline
        opening = fm.open_fence if fm.had_frontmatter else (fence + newline if fence else "")
        return opening + doc.raw + close

    def _join(self, hunks: list[Hunk], *, markers: bool) -> str:
        out: list[str] = []
        for index, hunk in enumerate(hunks):
            if isinstance(hunk, str):
                out.append(hunk)
                continue
            if hunk.id in self._choices:
                piece = str(self._choices[hunk.id])
                if piece and not piece.endswith("\n") and index + 1 < len(hunks):
                    piece += "\n"  # the next line must still start a line
                out.append(piece)
            elif markers:
                out.append(_markers(hunk))
            else:
                raise UnresolvedConflictsError(f"conflict {hunk.id} is unresolved")
        return "".join(out)


def _markers(hunk: Conflict) -> str:
    def block(label: str, lines: list[str]) -> str:
        text = "".join(lines)
        return label + "\n" + text + ("" if not text or text.endswith("\n") else "\n")

    return (
        block("<<<<<<< mine", hunk.mine_lines)
        + block("||||||| base", hunk.base_lines)
        + block("=======", hunk.theirs_lines)
        + ">>>>>>> theirs\n"
    )


def _apply(doc: Frontmatter, ops: list[tuple[Any, Any]]) -> None:
    for key, value in ops:
        if value is MISSING:
            doc.delete(key)
        else:
            doc.set(key, value)


def _merge_fields(
    result: MergeResult, splits: dict[Side, Split], base_text: str
) -> Literal["ok", "broken"]:
    newline = _dominant_newline(base_text)
    try:
        docs = {side: _parse(splits[side], newline) for side in _SIDES}
    except FrontmatterError:
        return "broken"
    keys: dict[Any, None] = {}  # every side's keys, in order: base's, then new ones
    for side in _SIDES:
        keys.update(dict.fromkeys(docs[side].keys()))
    values = {side: docs[side].to_dict() for side in _SIDES}
    ops: list[tuple[Any, Any]] = []
    conflicts: list[FieldConflict] = []
    for key in keys:
        b, m, t = (values[side].get(key, MISSING) for side in _SIDES)
        mine_same, theirs_same = _same(m, b), _same(t, b)
        if mine_same and theirs_same:
            continue
        if mine_same or _same(m, t):
            source: Literal["mine", "theirs", "both"] = "theirs" if mine_same else "both"
            ops.append((key, t))
        elif theirs_same:
            source = "mine"
            ops.append((key, m))
        else:
            conflicts.append(FieldConflict(0, key, b, m, t))
            ops.append((key, b))  # replaced by the author's choice
            continue
        result.field_sources[key] = source
    try:
        _apply(Frontmatter(docs["base"].raw, fmt=docs["base"].format, newline=newline), ops)
    except FieldError:
        result.field_sources.clear()
        return "broken"  # a value cannot be written back: let the author pick the block
    base = splits["base"]
    result._fields = _FieldMerge(
        docs["base"], ops, base.open_fence, base.close_fence, base.has_frontmatter
    )
    for conflict in conflicts:
        conflict.id = len(result.conflicts)
        result.conflicts.append(conflict)
    return "ok"


def merge_post(base: str, mine: str, theirs: str) -> MergeResult:
    """Merge two edits of the same post (see the module's docstring)."""
    result = MergeResult()
    texts: dict[Side, str] = {"base": base, "mine": mine, "theirs": theirs}
    splits = {side: split_document(texts[side]) for side in _SIDES}
    if not all(s.closed for s in splits.values()):
        result.whole_text = True
        result.body = merge_lines(*(split_lines(texts[side]) for side in _SIDES))
        result.conflicts.extend(h for h in result.body if isinstance(h, Conflict))
        return result
    headers = {side: _header(splits[side]) for side in _SIDES}
    if headers["mine"] == headers["base"]:
        result.header_text = headers["theirs"]
    elif headers["theirs"] == headers["base"] or headers["mine"] == headers["theirs"]:
        result.header_text = headers["mine"]
    elif _merge_fields(result, splits, base) == "broken":
        block = FrontmatterConflict(len(result.conflicts), *(headers[side] for side in _SIDES))
        result.conflicts.append(block)
    result.base_body_line = splits["base"].body_first_line
    result.body = merge_lines(
        *(split_lines(splits[side].body) for side in _SIDES), first_id=len(result.conflicts)
    )
    result.conflicts.extend(h for h in result.body if isinstance(h, Conflict))
    return result
