"""New-post templates a blog keeps: Hugo archetypes and Hexo scaffolds, filled, never run.

Only the documented forms are evaluated: in a Hugo archetype `{{ .Date }}`,
`{{ .Name }}`, `{{ .File.ContentBaseName }}`, `{{ .Section }}`, string literals and the
`replace`, `title`, `humanize`, `upper`, `lower` functions (also as pipes); in a Hexo
scaffold `{{ title }}`, `{{ date }}` and `{{ layout }}`. A template using anything else
(`if`, `range`, site data…) is refused with `TemplateError`, and the caller writes the
post the way the blog's posts are written instead.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

__all__ = ["TemplateError", "TemplateValues", "fill_hexo_scaffold", "fill_hugo_archetype", "quoted"]

_ACTION = re.compile(r"\{\{(?![<%])-?\s*(.*?)\s*-?\}\}", re.S)
_COMMENT = re.compile(r"\{\{-?\s*/\*.*?\*/\s*-?\}\}", re.S)
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|`[^`]*`|[^\s"`]+')
_TITLE_LINE = re.compile(
    r"^(?P<lead>\s*[\"']?title[\"']?\s*[:=]\s*)(?P<value>.*?)(?P<comma>,?)\s*$"
)
_FILE_NAME = (".Name", ".File.ContentBaseName", ".File.BaseFileName", ".File.TranslationBaseName")
_YAML_PLAIN = re.compile(r"\w[\w \-.!?()/]*")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"})


class TemplateError(ValueError):
    """A template uses a form Postdesk does not evaluate."""


@dataclass(frozen=True)
class TemplateValues:
    """What a new post's template may ask for."""

    title: str
    slug: str  # the file or bundle name, without a date prefix or suffix
    section: str
    when: datetime  # aware: its offset is written


def quoted(text: str) -> str:
    """`text` as a double-quoted string that YAML, TOML and JSON all read the same."""
    return json.dumps(text, ensure_ascii=False)


def _yaml_scalar(text: str) -> str:
    plain = (
        _YAML_PLAIN.fullmatch(text) is not None
        and text.lower() not in _YAML_WORDS
        and not re.fullmatch(r"[\d.\-+ ]+", text)
    )
    return text if plain else "'" + text.replace("'", "''") + "'"  # as hexo new writes it


def _go_string(token: str) -> str:
    if token.startswith("`"):
        return token[1:-1]
    value = json.loads(token)
    assert isinstance(value, str)
    return value


def _hugo_value(token: str, values: TemplateValues) -> str:
    if token.startswith(('"', "`")):
        return _go_string(token)
    if token == ".Date":
        return values.when.isoformat()
    if token in _FILE_NAME:
        return values.slug
    if token in (".Section", ".Type"):
        return values.section
    raise TemplateError(f"{token} is not evaluated")


def _title_case(text: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in text.split(" "))


def _call(words: list[str], values: TemplateValues, piped: str | None) -> str:
    name, args = words[0], words[1:]
    if not name.startswith((".", '"', "`")) and name not in (
        "replace",
        "strings.Replace",
        "title",
        "strings.Title",
        "humanize",
        "inflect.Humanize",
        "upper",
        "strings.ToUpper",
        "lower",
        "strings.ToLower",
    ):
        raise TemplateError(f"{name} is not evaluated")
    if name.startswith((".", '"', "`")):
        if args or piped is not None:
            raise TemplateError(f"{name} takes no arguments")
        return _hugo_value(name, values)
    texts = [_hugo_value(a, values) for a in args]
    if piped is not None:
        texts.append(piped)
    if name in ("replace", "strings.Replace"):
        if len(texts) != 3:
            raise TemplateError("replace takes three arguments")
        return texts[0].replace(texts[1], texts[2])
    if len(texts) != 1:
        raise TemplateError(f"{name} takes one argument")
    if name in ("title", "strings.Title"):
        return _title_case(texts[0])
    if name in ("humanize", "inflect.Humanize"):
        text = texts[0].replace("-", " ").replace("_", " ")
        return text[:1].upper() + text[1:]
    return texts[0].upper() if name in ("upper", "strings.ToUpper") else texts[0].lower()


def _evaluate(expr: str, values: TemplateValues) -> str:
    result: str | None = None
    for stage in _split_pipes(expr):
        words = _TOKEN.findall(stage)
        if not words:
            raise TemplateError("an empty pipeline")
        if words[0].startswith("(") or any(w.startswith(("$", "(")) for w in words):
            raise TemplateError(f"{stage.strip()} is not evaluated")
        result = _call(words, values, result)
    if result is None:
        raise TemplateError("an empty action")
    return result


def _split_pipes(expr: str) -> list[str]:
    parts, start, quote = [], 0, ""
    for i, ch in enumerate(expr):
        if quote:
            quote = "" if ch == quote and expr[i - 1] != "\\" else quote
        elif ch in '"`':
            quote = ch
        elif ch == "|":
            parts.append(expr[start:i])
            start = i + 1
    parts.append(expr[start:])
    return parts


def _with_title(text: str, title: str, *, plain_ok: bool) -> str:
    """The front matter's `title` line (the first, as YAML or TOML or JSON writes it) set
    to the author's own title rather than one made back from the file name."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if i > 0 and line.strip() in ("---", "+++", "}", ";;;"):
            break  # the end of the front matter
        m = _TITLE_LINE.match(line)
        if m is None:
            continue
        value = _yaml_scalar(title) if plain_ok and ":" in m.group("lead") else quoted(title)
        lines[i] = f"{m.group('lead')}{value}{m.group('comma')}"
        return "\n".join(lines)
    # no title in the template: the author's goes first, in the template's format
    fence = lines[0].strip() if lines else ""
    if fence == "---":
        line = f"title: {_yaml_scalar(title) if plain_ok else quoted(title)}"
    elif fence == "+++":
        line = f"title = {quoted(title)}"
    elif fence == "{":
        last = len(lines) > 1 and lines[1].strip() == "}"
        line = f'  "title": {quoted(title)}' + ("" if last else ",")
    else:
        return text
    return "\n".join([lines[0], line, *lines[1:]])


def fill_hugo_archetype(template: str, values: TemplateValues) -> str:
    """The archetype's text with its actions evaluated and `title` set to the author's."""
    text = _COMMENT.sub("", template)
    if re.search(r"\{\{-?\s*(?:if|range|with|define|block|template|else|end)\b", text):
        raise TemplateError("the archetype uses template logic")
    text = _ACTION.sub(lambda m: _evaluate(m.group(1), values), text)
    return _with_title(text, values.title, plain_ok=False)


def fill_hexo_scaffold(template: str, values: TemplateValues, date_text: str, layout: str) -> str:
    """A Hexo scaffold with `{{ title }}`, `{{ date }}` and `{{ layout }}` filled."""

    def value(m: re.Match[str]) -> str:
        name = m.group(1).strip()
        if name == "date":
            return date_text
        if name == "layout":
            return layout
        if name == "title":
            return values.title
        raise TemplateError(f"{{{{ {name} }}}} is not filled")

    # the title line first, so that a title with `:` or quotes stays valid YAML
    lines = template.split("\n")
    for i, line in enumerate(lines):
        if re.match(r"^\s*title\s*:\s*\{\{\s*title\s*\}\}\s*$", line):
            lines[i] = re.sub(r"\{\{\s*title\s*\}\}", lambda _: _yaml_scalar(values.title), line)
            break
    return re.sub(r"\{\{\s*([\w.]+)\s*\}\}", value, "\n".join(lines))
