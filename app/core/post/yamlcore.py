"""YAML loading the way a blog's frontmatter is meant: YAML 1.2 core types, dates kept as text.

PyYAML resolves YAML 1.1 types (`yes` -> True, `2021-05-03` -> date). Blogs' tools
(js-yaml) follow YAML 1.2's core schema for booleans, and Postdesk keeps dates as the
exact strings in the file so it can write them back in the file's own format. So the
loaders here resolve null/bool/int/float as the core schema does and leave everything
else, timestamps included, as strings.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

try:  # libyaml makes scanning a 10,000-post folder ~10x faster
    from yaml import CSafeLoader as _FastBase
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _FastBase  # type: ignore[assignment]

__all__ = [
    "MAX_ALIASES",
    "CoreLoader",
    "FastCoreLoader",
    "YamlLoadError",
    "load_core",
    "load_core_fast",
    "resolves_as_string",
]

MAX_ALIASES = 100  # frontmatter never needs more; a "billion laughs" document needs many
MAX_EXPANDED_NODES = 100_000  # values once aliases are expanded: a 1 MB frontmatter has ~40k

_CORE_RESOLVERS: list[tuple[str, re.Pattern[str], str]] = [
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+.0123456789",
    ),
]


class YamlLoadError(Exception):
    """YAML that could not be read, with a 0-based line (None when unknown)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def _install_core_resolvers(cls: type[Any]) -> None:
    cls.yaml_implicit_resolvers = {}
    for tag, regexp, first in _CORE_RESOLVERS:
        for ch in first:
            cls.yaml_implicit_resolvers.setdefault(ch, []).append((tag, regexp))
    # "" (empty plain scalar) has no first character; PyYAML looks it up under ""
    cls.yaml_implicit_resolvers.setdefault("", []).append(
        ("tag:yaml.org,2002:null", re.compile(r"^$"))
    )


def _construct_int(loader: Any, node: yaml.ScalarNode) -> int:
    value = str(loader.construct_scalar(node))
    try:
        if value.startswith(("0o", "0O")):
            return int(value[2:], 8)
        if value.startswith(("0x", "0X")):
            return int(value[2:], 16)
        return int(value)
    except ValueError as exc:  # Python refuses to convert more than 4300 digits
        raise yaml.constructor.ConstructorError(
            None, None, f"a number with {len(value):,} digits is too long; quote it",
            node.start_mark,
        ) from exc  # fmt: skip


def _construct_mapping_no_duplicates(
    loader: Any, node: yaml.MappingNode, deep: bool = False
) -> dict[Any, Any]:
    seen: dict[Any, yaml.Node] = {}
    for key_node, _value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            continue
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            continue  # PyYAML reports unhashable keys itself
        if key in seen:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r} (first on line {seen[key].start_mark.line + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


def _timestamp_as_text(loader: Any, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


class CoreLoader(yaml.SafeLoader):
    """Pure-Python loader: exact marks (character offsets) and an alias budget."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._aliases_seen = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            self._aliases_seen += 1
            if self._aliases_seen > MAX_ALIASES:
                event: Any = self.peek_event()  # type: ignore[no-untyped-call]
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"more than {MAX_ALIASES} aliases: refusing a document that may expand "
                    "exponentially",
                    event.start_mark,
                )
        return super().compose_node(parent, index)

    def compose_document(self) -> Any:
        node: yaml.Node | None = super().compose_document()
        # a few aliases can still stand for billions of values (9 levels of 9: 9**9)
        if (
            node is not None
            and self._aliases_seen
            and _expanded_size(node, MAX_EXPANDED_NODES) > MAX_EXPANDED_NODES
        ):
            raise yaml.composer.ComposerError(
                None,
                None,
                f"its aliases expand to more than {MAX_EXPANDED_NODES:,} values or refer to "
                'themselves: refusing a document that may be a "YAML bomb"',
                node.start_mark,
            )
        return node


def _expanded_size(root: yaml.Node, limit: int) -> int:
    """Nodes `root` stands for with every alias expanded; limit + 1 once past it or recursive."""
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = limit + 1  # met again while being sized: an alias to an ancestor
        total = 1
        if isinstance(node, yaml.SequenceNode):
            children: list[yaml.Node] = list(node.value)
        elif isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        else:
            children = []
        for child in children:
            total += size(child)
            if total > limit:
                break
        sizes[id(node)] = min(total, limit + 1)
        return sizes[id(node)]

    return size(root)


class FastCoreLoader(_FastBase):
    """libyaml-backed loader with the same types, for scanning many posts."""


for _cls in (CoreLoader, FastCoreLoader):
    _install_core_resolvers(_cls)
    _cls.add_constructor("tag:yaml.org,2002:int", _construct_int)
    _cls.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
    _cls.add_constructor("tag:yaml.org,2002:map", _construct_mapping_no_duplicates)
    _cls.construct_mapping = _construct_mapping_no_duplicates  # type: ignore[assignment]


def _error_line(exc: yaml.YAMLError) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return None if mark is None else int(mark.line)


def _describe(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem and context:
        return f"{problem} ({context})"
    return str(problem or context or exc).strip()


def _load(text: str, loader: Any) -> Any:
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise YamlLoadError(_describe(exc), _error_line(exc)) from exc
    except RecursionError as exc:
        raise YamlLoadError("YAML nested too deeply", None) from exc


def load_core(text: str) -> Any:
    """Load one YAML document with the core types; raises YamlLoadError."""
    return _load(text, CoreLoader)


def load_core_fast(text: str) -> Any:
    """Like load_core, via libyaml; falls back to the guarded loader for aliases."""
    if "*" in text and "&" in text:
        return load_core(text)
    return _load(text, FastCoreLoader)


def resolves_as_string(text: str) -> bool:
    """True if `text`, written as a plain scalar, reads back as that same string.

    Checked under both the core schema and YAML 1.1, so `yes`, `2019`, `null` and
    `2021-05-03` are all quoted when a string is meant.
    """
    for loader in (CoreLoader, yaml.SafeLoader):
        try:
            value = yaml.load(f"k: {text}\n", Loader=loader)
        except (yaml.YAMLError, ValueError):  # ValueError: YAML 1.1's too-long numbers
            return False
        if not isinstance(value, dict) or value.get("k") != text:
            return False
    return True
