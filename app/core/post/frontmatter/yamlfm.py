"""YAML front matter: read values, edit one field by rewriting only its own text.

Re-serialising YAML (python-frontmatter, or ruamel.yaml's dumper) reflows quoting,
comments and spacing the author chose. Instead the document is parsed once for
values and source positions (PyYAML nodes carry character offsets), and an edit
replaces just the characters of that one value (base.Frontmatter verifies it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml

from app.core.post.dates import detect_date_format
from app.core.post.frontmatter.base import FieldStyle, Frontmatter
from app.core.post.yamlcore import CoreLoader

__all__ = ["YamlFrontmatter"]

_YAML_LINE_BREAKS = "\r\n\x85\u2028\u2029"
# characters PyYAML's reader refuses anywhere in a stream
_NON_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


@dataclass
class _Entry:
    key: Any
    key_node: yaml.Node
    value_node: yaml.Node


class _SpanLoader(CoreLoader):
    pass


def _value_end(raw: str, node: yaml.Node) -> int:
    """Index just past a value's own text (no trailing blank lines or comments)."""
    if isinstance(node, yaml.SequenceNode | yaml.MappingNode) and not node.flow_style:
        items = node.value
        if not items:
            return int(node.end_mark.index)
        last = items[-1][1] if isinstance(node, yaml.MappingNode) else items[-1]
        return _value_end(raw, last)
    end = int(node.end_mark.index)
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        start = int(node.start_mark.index)
        segment = raw[start:end]
        # drop trailing line breaks and whitespace-only lines; keep the last content line
        while True:
            trimmed = segment.rstrip("\r\n")
            last_nl = trimmed.rfind("\n")
            tail = trimmed[last_nl + 1 :]
            if last_nl >= 0 and not tail.strip():
                segment = trimmed[:last_nl]
                continue
            segment = trimmed
            break
        end = start + len(segment)
    return end


def _line_start(raw: str, index: int) -> int:
    return raw.rfind("\n", 0, index) + 1


def _scalar_tag(text: str, loader_cls: type[yaml.SafeLoader]) -> str:
    resolve: Any = loader_cls.resolve
    return str(resolve(_RESOLVER_PROBES[loader_cls], yaml.ScalarNode, text, (True, False)))


_RESOLVER_PROBES: dict[type[yaml.SafeLoader], Any] = {
    CoreLoader: CoreLoader(""),
    yaml.SafeLoader: yaml.SafeLoader(""),
}


def _reads_back(text: str) -> Any:
    """Parse `text` as the value of a key; raises yaml.YAMLError if invalid."""
    return yaml.load("k: " + text + "\n", Loader=CoreLoader)["k"]


def _plain_ok_in_flow(value: str) -> bool:
    """Plain text inside `[...]` has more indicators (`,`, `?`, brackets) than outside."""
    if any(c in value for c in ",[]{}"):
        return False
    try:
        return bool(_reads_back("[" + value + "]") == [value])
    except yaml.YAMLError:
        return False


def _double_quote(value: str) -> str:
    out = []
    for ch in value:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\x85":
            out.append("\\N")
        elif ch == "\u2028":
            out.append("\\L")
        elif ch == "\u2029":
            out.append("\\P")
        elif _NON_PRINTABLE.match(ch) or ch == "\ufeff":
            code = ord(ch)
            out.append(
                f"\\x{code:02x}"
                if code < 0x100
                else f"\\u{code:04x}"
                if code < 0x10000
                else f"\\U{code:08x}"
            )
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _single_quote(value: str) -> str | None:
    if (
        any(ch in value for ch in _YAML_LINE_BREAKS)
        or _NON_PRINTABLE.search(value)
        or "\ufeff" in value
    ):
        return None
    return "'" + value.replace("'", "''") + "'"


class YamlFrontmatter(Frontmatter):
    """The YAML mapping between a post's `---` fences. Values follow YAML 1.2's core types."""

    format = "yaml"
    label = "YAML"

    def __init__(self, raw: str = "", **kwargs: Any) -> None:
        self._entries: list[_Entry] = []
        super().__init__(raw, **kwargs)

    def _snapshot(self) -> Any:
        return (self._raw, self._values, self._entries)

    def _restore(self, state: Any) -> None:
        self._raw, self._values, self._entries = state

    # -- reading -----------------------------------------------------------------

    def _parse(self, raw: str) -> None:
        bad = _NON_PRINTABLE.search(raw)
        if bad:  # PyYAML's reader refuses these before parsing; say where, plainly
            code = ord(bad.group())
            raise self._error(
                f"the frontmatter contains an invisible control character (U+{code:04X}); "
                "delete it in the YAML tab",
                raw.count("\n", 0, bad.start()),
                raw,
            )
        loader = _SpanLoader(raw)
        try:
            node = loader.get_single_node()
            data = {} if node is None else loader.construct_document(node)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            problem = getattr(exc, "problem", None) or getattr(exc, "context", None) or str(exc)
            raise self._error(str(problem), None if mark is None else int(mark.line), raw) from exc
        except RecursionError as exc:
            raise self._error("YAML nested too deeply", None, raw) from exc
        finally:
            loader.dispose()
        if node is not None and not isinstance(node, yaml.MappingNode):
            raise self._error(
                "frontmatter must be a list of `key: value` lines", int(node.start_mark.line), raw
            )
        if node is not None and node.flow_style:
            raise self._error(
                "frontmatter written as a {…} flow mapping cannot be edited field by field",
                int(node.start_mark.line),
                raw,
            )
        if "\t" in raw and any(line.startswith("\t") for line in raw.splitlines()):
            line_no = next(i for i, line in enumerate(raw.splitlines()) if line.startswith("\t"))
            raise self._error("a tab indents this line; YAML allows only spaces", line_no, raw)
        entries: list[_Entry] = []
        if node is not None:
            for key_node, value_node in node.value:
                key = yaml.load(
                    raw[key_node.start_mark.index : key_node.end_mark.index] or "~",
                    Loader=CoreLoader,
                )
                entries.append(_Entry(key, key_node, value_node))
        self._raw = raw
        self._entries = entries
        self._values = dict(data)

    def keys(self) -> list[Any]:
        return [e.key for e in self._entries]

    def line_of(self, key: Any) -> int | None:
        entry = self._entry(key)
        return None if entry is None else self.first_line + int(entry.key_node.start_mark.line)

    def _entry(self, key: Any) -> _Entry | None:
        for entry in self._entries:
            if entry.key == key:
                return entry
        return None

    def style(self, key: Any) -> FieldStyle | None:
        entry = self._entry(key)
        if entry is None:
            return None
        node = entry.value_node
        if isinstance(node, yaml.SequenceNode):
            first = node.value[0] if node.value else None
            quote = first.style or "" if isinstance(first, yaml.ScalarNode) else ""
            return FieldStyle("list", quote=quote, flow=bool(node.flow_style))
        if isinstance(node, yaml.MappingNode):
            return FieldStyle("map", flow=bool(node.flow_style))
        assert isinstance(node, yaml.ScalarNode)
        if node.tag == "tag:yaml.org,2002:null" and node.start_mark.index == node.end_mark.index:
            return FieldStyle("empty")
        value = self._values.get(key)
        date_format = detect_date_format(value) if isinstance(value, str) else None
        return FieldStyle("scalar", quote=node.style or "", date_format=date_format)

    def written(self, key: Any) -> str:
        line = self.line_of(key)
        if line is None:
            return ""
        lines = self._raw.splitlines()
        start = line - self.first_line
        head = lines[start].split(":", 1)[1].strip() if ":" in lines[start] else ""
        block: list[str] = []
        for text in lines[start + 1 :]:
            if text.strip() and not text.startswith((" ", "\t", "-")):
                break  # the next key
            block.append(text)
        while block and not block[-1].strip():
            block.pop()
        indent = min((len(t) - len(t.lstrip()) for t in block if t.strip()), default=0)
        return "\n".join(([head] if head else []) + [t[indent:] for t in block])

    # -- writing -----------------------------------------------------------------

    def _without(self, key: Any) -> str:
        entry = self._entry(key)
        assert entry is not None
        raw = self._raw
        start = _line_start(raw, entry.key_node.start_mark.index)
        end = _value_end(raw, entry.value_node)
        newline_at = raw.find("\n", end)
        end = len(raw) if newline_at < 0 else newline_at + 1
        return raw[:start] + raw[end:]

    # -- emitting values in the file's own style -----------------------------------

    def _append(self, key: Any, value: Any, as_date: bool = False) -> str:
        raw = self._raw
        if raw and not raw.endswith("\n"):
            raw += self.newline
        key_text = self._emit_key(key)
        if isinstance(value, list) and value:
            body = self._emit_flow_list(value, self._preferred_item_quote())
            if not self._prefers_flow_lists():
                indent = self._preferred_list_indent()
                items = [self._emit_inline(v, self._preferred_item_quote()) for v in value]
                body = "".join(f"{self.newline}{' ' * indent}- {item}" for item in items)
                return raw + f"{key_text}:{body}{self.newline}"
            return raw + f"{key_text}: {body}{self.newline}"
        text = self._emit_inline(value, "")
        sep = " " if text else ""
        return raw + f"{key_text}:{sep}{text}{self.newline}"

    def _preferred_scalar_quote(self, default: str) -> str:
        """How this document quotes its text values (dates and empty values aside)."""
        votes: dict[str, int] = {}
        for entry in self._entries:
            node = entry.value_node
            value = self._values.get(entry.key)
            if (
                isinstance(node, yaml.ScalarNode)
                and isinstance(value, str)
                and value
                and node.style in (None, "'", '"')
                and detect_date_format(value) is None
            ):
                style = node.style or ""
                votes[style] = votes.get(style, 0) + 1
        return max(votes, key=lambda k: votes[k]) if votes else default

    def _prefers_flow_lists(self) -> bool:
        for entry in self._entries:
            node = entry.value_node
            if isinstance(node, yaml.SequenceNode):
                return bool(node.flow_style)
        return True

    def _preferred_list_indent(self) -> int:
        for entry in self._entries:
            node = entry.value_node
            if isinstance(node, yaml.SequenceNode) and not node.flow_style:
                return int(node.start_mark.column)
        return 2

    def _preferred_item_quote(self) -> str:
        for entry in self._entries:
            node = entry.value_node
            if (
                isinstance(node, yaml.SequenceNode)
                and node.value
                and isinstance(node.value[0], yaml.ScalarNode)
            ):
                return str(node.value[0].style or "")
        return ""

    def _emit_key(self, key: Any) -> str:
        text = str(key)
        if isinstance(key, str) and self._plain_ok(text, None) and ":" not in text:
            return text
        return self._emit_scalar(text, "'")

    def _replace(self, key: Any, value: Any, as_date: bool = False) -> str:
        entry = self._entry(key)
        assert entry is not None
        raw = self._raw
        node = entry.value_node
        start = int(node.start_mark.index)
        end = _value_end(raw, node)
        if start == end:  # empty value (`tags:`): write after the colon
            if isinstance(value, list) and value and not self._prefers_flow_lists():
                indent = max(
                    self._preferred_list_indent(), int(entry.key_node.start_mark.column) + 2
                )
                items = [self._emit_inline(v, self._preferred_item_quote()) for v in value]
                text = "".join(f"{self.newline}{' ' * indent}- {item}" for item in items)
                return raw[:start] + text + raw[end:]
            text = self._emit_inline(value, "")
            return raw[:start] + (" " + text if text else "") + raw[end:]
        if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
            quote = ""
            if node.value and isinstance(node.value[0], yaml.ScalarNode):
                quote = node.value[0].style or ""
            if node.flow_style or not value:
                text = self._emit_flow_list(value, quote)
                if not node.flow_style:  # an emptied block list becomes `key: []`
                    colon = raw.rfind(":", 0, start)
                    return raw[: colon + 1] + " " + text + raw[end:]
                return raw[:start] + text + raw[end:]
            col = int(node.start_mark.column)
            items = [self._emit_inline(v, quote) for v in value]
            text = (self.newline + " " * col).join(f"- {item}" for item in items)
            return raw[:start] + text + raw[end:]
        if isinstance(node, yaml.ScalarNode):
            style = node.style or ""
            if isinstance(value, str) and style in ("|", ">"):
                block = self._emit_block(value, node, raw)
                if block is not None:
                    return raw[:start] + block + raw[end:]
                style = '"'
            if style in ("'", '"') and self._values.get(entry.key) == "":
                style = self._preferred_scalar_quote(style)  # an empty '' placeholder sets no style
            old_plain = raw[start:end] if not style else None
            text = self._emit_inline(value, style, old_plain)
            if isinstance(value, list) and not value:
                text = "[]"
            if text == "" and start > 0 and raw[start - 1] == " ":
                start -= 1  # `key: ` -> `key:`
            return raw[:start] + text + raw[end:]
        # a nested map (or a list replaced by a scalar): write the new value inline
        text = self._emit_inline(value, "")
        if isinstance(node, yaml.SequenceNode | yaml.MappingNode) and not node.flow_style:
            colon = raw.rfind(":", 0, start)
            return raw[: colon + 1] + (" " + text if text else "") + raw[end:]
        return raw[:start] + text + raw[end:]

    def _emit_inline(self, value: Any, quote: str, old_plain: str | None = None) -> str:
        if value is None:
            return "" if old_plain in (None, "") else ("null" if old_plain not in ("~",) else "~")
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return repr(value)
        if isinstance(value, list):
            return self._emit_flow_list(value, quote if quote in ("", "'", '"') else "")
        if isinstance(value, dict):
            parts = [f"{self._emit_key(k)}: {self._emit_inline(v, '')}" for k, v in value.items()]
            return "{" + ", ".join(parts) + "}"
        return self._emit_scalar(str(value), quote if quote in ("", "'", '"') else "", old_plain)

    def _emit_flow_list(self, values: list[Any], quote: str) -> str:
        parts = []
        for v in values:
            if isinstance(v, str):
                text = self._emit_scalar(v, quote)
                if text == v and not _plain_ok_in_flow(v):
                    text = self._emit_scalar(v, "'")
                parts.append(text)
            else:
                parts.append(self._emit_inline(v, quote))
        return "[" + ", ".join(parts) + "]"

    def _plain_ok(self, value: str, old_plain: str | None) -> bool:
        if not value or value != value.strip() or _NON_PRINTABLE.search(value):
            return False
        if any(ch in value for ch in _YAML_LINE_BREAKS) or "\ufeff" in value:
            return False
        try:
            if _reads_back(value) != value:
                return False
        except yaml.YAMLError:
            return False
        tag11 = _scalar_tag(value, yaml.SafeLoader)
        if tag11 == "tag:yaml.org,2002:str":
            return True
        # a plain date stays plain when the file already wrote one there (`date: 2021-05-03`)
        return old_plain is not None and _scalar_tag(old_plain, yaml.SafeLoader) == tag11

    def _emit_scalar(self, value: str, quote: str, old_plain: str | None = None) -> str:
        if quote == "" and self._plain_ok(value, old_plain):
            return value
        if quote in ("", "'"):
            single = _single_quote(value)
            if single is not None:
                return single
        return _double_quote(value)

    def _emit_block(self, value: str, node: yaml.ScalarNode, raw: str) -> str | None:
        header_end = raw.find("\n", int(node.start_mark.index))
        if header_end < 0:
            return None
        body = raw[header_end + 1 : int(node.end_mark.index)]
        indent = next(
            (len(line) - len(line.lstrip(" ")) for line in body.splitlines() if line.strip()), 2
        )
        indicator = node.style
        if not value:
            return None
        if value.endswith("\n\n") or any(ch in value for ch in "\r\x85\u2028\u2029"):
            return None
        chomp = "" if value.endswith("\n") else "-"
        lines = value[:-1].split("\n") if value.endswith("\n") else value.split("\n")
        if lines and lines[0].startswith(" "):
            return None
        pad = " " * indent
        text = (
            indicator
            + chomp
            + "".join(self.newline + (pad + line if line else "") for line in lines)
        )
        try:
            if _reads_back(text + self.newline) != value:
                return None
        except yaml.YAMLError:
            return None
        return text
