"""What a site declares about its posts' front matter, read as text, never run.

- Astro: the content collection's Zod schema (`src/content.config.ts`, or
  `src/content/config.ts` before Astro 5): field names, kinds, and which are required
  (not `.optional()`, `.default(…)`, `.nullish()` or `.catch(…)`).
- Docusaurus: `authors.yml` and `tags.yml` beside the posts, as values to offer.
- Eleventy: directory data files (`posts.json`, `posts.11tydata.json`, `.11tydata.js`)
  whose values every post in the folder inherits, so no author is asked for them.

`read_schema(blog)` gives a `SiteSchema`; `apply_schema(profile, schema)` makes the
form's profile follow it. Anything that cannot be read is a warning, and the profile
inferred from the posts stays as it was.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.core.blog.config import Notes, read_data
from app.core.blog.jsscan import JsText, matching_close
from app.core.blog.model import Blog, BlogWarning
from app.core.post.frontmatter import FieldStyle
from app.core.post.schema import BlogProfile, FieldSpec

__all__ = [
    "SchemaField",
    "SiteSchema",
    "apply_schema",
    "parse_zod_object",
    "read_schema",
]


@dataclass(frozen=True)
class SchemaField:
    """One declared field: `kind` is one of the profile's KINDS."""

    key: str
    kind: str
    required: bool
    choices: tuple[str, ...] = ()
    fields: tuple[SchemaField, ...] = ()  # a nested `z.object`
    reference: str | None = None  # the collection a `reference('x')` names


@dataclass(frozen=True)
class SiteSchema:
    """What the site declares: fields (Astro), values to offer per key (Docusaurus), and
    values every new post inherits (Eleventy directory data)."""

    fields: tuple[SchemaField, ...] = ()
    completions: tuple[tuple[str, tuple[str, ...]], ...] = ()
    inherited: tuple[tuple[str, Any], ...] = ()
    source: Path | None = None
    warnings: tuple[BlogWarning, ...] = ()
    # the declared fields are all the site reads (Zod strips other keys, unless the
    # schema says `.passthrough()`)
    closed: bool = False

    def field(self, key: str) -> SchemaField | None:
        return next((f for f in self.fields if f.key == key), None)

    @property
    def inherited_keys(self) -> frozenset[str]:
        return frozenset(k for k, _ in self.inherited)


# -- Zod ----------------------------------------------------------------------------------

_NOT_REQUIRED = frozenset({"optional", "default", "nullish", "catch"})
_BASE_KINDS = {
    "string": "text",
    "date": "date",
    "boolean": "bool",
    "number": "number",
    "bigint": "number",
    "record": "map",
    "map": "map",
    "tuple": "list",
    "set": "list",
}
_CALL_HEAD = re.compile(r"\s*([A-Za-z_$][\w$]*(?:\s*\.\s*[A-Za-z_$][\w$]*)*)\s*")


class ZodError(ValueError):
    """A schema expression that is not plain enough to read."""


def _split_top(text: str) -> list[str]:
    """Top-level comma-separated parts of `text` (brackets and strings kept whole)."""
    parts: list[str] = []
    start, j, n = 0, 0, len(text)
    while j < n:
        ch = text[j]
        if ch in "'\"`":
            j = _string_stop(text, j)
            continue
        if ch in "([{":
            close = matching_close(text, j)
            if close >= n:
                raise ZodError("an unclosed bracket")
            j = close + 1
            continue
        if ch in ")]}":
            raise ZodError(f"an unexpected {ch!r}")
        if ch == ",":
            parts.append(text[start:j].strip())
            start = j + 1
        j += 1
    last = text[start:].strip()
    if last:
        parts.append(last)
    return [p for p in parts if p]


def _string_stop(text: str, i: int) -> int:
    quote, j = text[i], i + 1
    while j < len(text):
        if text[j] == "\\":
            j += 2
            continue
        if text[j] == quote:
            return j + 1
        j += 1
    raise ZodError("an unclosed string")


def _chain(expr: str) -> list[tuple[str, str]]:
    """`z.coerce.date().optional()` -> [("z.coerce.date", ""), ("optional", "")]: the
    calls of a method chain with their argument text."""
    calls: list[tuple[str, str]] = []
    j, n = 0, len(expr)
    while j < n:
        m = _CALL_HEAD.match(expr, j)
        if m is None or not m.group(1):
            raise ZodError(f"cannot read {expr.strip()[:40]!r}")
        name = re.sub(r"\s+", "", m.group(1))
        j = m.end()
        args = ""
        if j < n and expr[j] == "(":
            close = matching_close(expr, j)
            if close >= n:
                raise ZodError("an unclosed call")
            args = expr[j + 1 : close]
            j = close + 1
        calls.append((name.removeprefix("."), args))
        while j < n and expr[j].isspace():
            j += 1
        if j < n:
            if expr[j] != ".":
                raise ZodError(f"cannot read {expr.strip()[:40]!r}")
            j += 1
    return calls


def _quoted(text: str) -> str | None:
    m = re.fullmatch(r"\s*(['\"`])(.*)\1\s*", text, re.S)
    return m.group(2) if m else None


def _field(key: str, expr: str) -> SchemaField:
    calls = _chain(expr)
    base, args = calls[0]
    name = base.rsplit(".", 1)[-1]
    required = not any(method in _NOT_REQUIRED for method, _ in calls[1:])
    if name == "object":
        inner = args.strip()
        if not (inner.startswith("{") and inner.endswith("}")):
            raise ZodError(f"{key}: z.object without a literal")
        return SchemaField(key, "map", required, fields=parse_zod_object(inner))
    if name == "array":
        item = _field(key, args) if args.strip() else None
        is_terms = item is not None and item.kind == "text" and not item.fields
        return SchemaField(
            key,
            "terms" if is_terms else "list",
            required,
            choices=item.choices if item else (),
            reference=item.reference if item else None,
        )
    if name in ("enum", "nativeEnum"):
        inner = args.strip()
        values = _split_top(inner[1:-1]) if inner.startswith("[") else []
        choices = tuple(v for v in (_quoted(p) for p in values) if v is not None)
        return SchemaField(key, "text", required, choices=choices)
    if name == "reference":
        parts = _split_top(args)
        return SchemaField(key, "text", required, reference=_quoted(parts[0]) if parts else None)
    if name == "image":
        return SchemaField(key, "text", required)
    if name == "literal":
        value = _quoted(args)
        return SchemaField(key, "text", required, choices=(value,) if value is not None else ())
    # `z.string().datetime()` or `.date()` is a date written as text
    kind = _BASE_KINDS.get(name, "text")
    if kind == "text" and any(m in ("datetime", "date") for m, _ in calls[1:]):
        kind = "date"
    return SchemaField(key, kind, required)


def parse_zod_object(literal: str) -> tuple[SchemaField, ...]:
    """The fields of a `z.object({...})` literal (`{...}`, comments already blanked).
    Raises ZodError for anything this reader does not follow."""
    body = literal.strip()
    if not (body.startswith("{") and body.endswith("}")):
        raise ZodError("not an object literal")
    fields: list[SchemaField] = []
    for part in _split_top(body[1:-1]):
        if part.startswith("..."):
            raise ZodError(f"a spread ({part[:30]}) is not read")
        m = re.match(r"""\s*(?:(['"])(.+?)\1|([A-Za-z_$][\w$]*))\s*:\s*""", part, re.S)
        if m is None:
            raise ZodError(f"cannot read the field {part[:30]!r}")
        key = m.group(2) or m.group(3)
        fields.append(_field(key, part[m.end() :]))
    return tuple(fields)


def _schema_object(js: JsText, value: str, depth: int = 0) -> str:
    """The `{...}` of the z.object a collection's `schema:` value builds."""
    text = value.strip()
    m = re.search(r"(?<![\w$])z\s*\.\s*(?:strictObject|object)\s*\(", text)
    if m is None:
        ident = re.fullmatch(r"[A-Za-z_$][\w$]*", text)
        if ident is None or depth > 3:
            raise ZodError("the schema is not a z.object(...)")
        const = re.search(
            r"(?:const|let|var)\s+" + re.escape(text) + r"\s*(?::[^=]+)?=\s*", js.text
        )
        if const is None:
            raise ZodError(f"the schema {text!r} is not defined in this file")
        expr, _ = js.value_at(const.end())
        return _schema_object(js, expr, depth + 1)
    open_at = m.end() - 1
    close = matching_close(text, open_at)
    if close >= len(text):
        raise ZodError("the z.object(...) is not closed")
    if re.match(r"\s*\.\s*(?:extend|merge|and|omit|pick|partial|required)\s*\(", text[close + 1 :]):
        raise ZodError("fields added or removed after z.object(...) are not read")
    return text[open_at + 1 : close].strip()


def _astro_schema(blog: Blog, folder: Path) -> SiteSchema:
    config = blog.config_file
    if config is None or config.suffix not in (".ts", ".js", ".mjs", ".mts"):
        return SiteSchema()
    notes = Notes(blog.root)
    try:
        js = JsText.parse(config.read_bytes().decode("utf-8-sig", errors="replace"))
    except OSError as exc:
        notes.warn(f"cannot be read ({exc.strerror}); fields are inferred from the posts", config)
        return SiteSchema(source=config, warnings=tuple(notes.warnings))
    found = _collection_at(js, blog, folder)
    if isinstance(found, int):
        notes.warn(
            "cannot read this collection (a bracket is not closed); "
            "fields are inferred from the posts",
            config,
            js.line_of(found),
        )
        return SiteSchema(source=config, warnings=tuple(notes.warnings))
    if found is None:
        return SiteSchema(source=config)
    name, start, end = found
    schema = js.top_level_value(start, end, "schema")
    if schema is None:
        return SiteSchema(source=config)
    line = js.line_of(schema[1])
    if schema[0].endswith("=>"):  # `({ image }) =>` and the z.object on the next line
        arrow = js.text.index("=>", schema[1])
        schema = (schema[0] + " " + js.value_at(arrow + 2)[0], schema[1])
    try:
        fields = parse_zod_object(_schema_object(js, schema[0]))
    except ZodError as exc:
        notes.warn(
            f"cannot read the schema of collection {name!r} ({exc}); "
            "fields are inferred from the posts",
            config,
            line,
        )
        return SiteSchema(source=config, warnings=tuple(notes.warnings))
    passthrough = re.search(r"\.\s*(?:passthrough|catchall)\s*\(", schema[0]) is not None
    return SiteSchema(fields=fields, source=config, closed=not passthrough)


def _collection_at(js: JsText, blog: Blog, folder: Path) -> tuple[str, int, int] | int | None:
    """(name, start, end) of the `defineCollection({...})` whose posts live in `folder`;
    the offset of one that cannot be read, if that comes first."""
    candidates: list[tuple[str, int, int, Path | None]] = []
    for m in re.finditer(r"defineCollection\s*\(", js.text):
        span = js.object_at(m.end())
        if span is None:
            if not candidates:
                return m.start()
            continue
        before = re.search(r"([\w$]+)['\"]?\s*(?::[^=:;\n]*)?[=:]\s*$", js.text[: m.start()])
        name = before.group(1) if before else ""
        base: Path | None = None
        loader = js.top_level_value(*span, "loader")
        if loader is not None:
            glob_base = re.search(r"base\s*:\s*(['\"])(.*?)\1", loader[0])
            if glob_base is not None:
                base = (blog.root / glob_base.group(2)).resolve()
            elif "glob" not in loader[0]:
                continue  # file() and other loaders: data, not posts
        else:
            base = (blog.root / "src" / "content" / name).resolve()
        candidates.append((name, span[0], span[1], base))
    wanted = folder.resolve()
    for name, start, end, base in candidates:
        if base is not None and (wanted == base or wanted.is_relative_to(base)):
            return name, start, end
    return None


# -- Docusaurus and Eleventy ----------------------------------------------------------------


def _yaml_keys(path: Path, notes: Notes) -> tuple[str, ...]:
    if not path.is_file():
        return ()
    data = read_data(path, notes, "its values are not offered")
    return tuple(str(k) for k in data) if data else ()


def _docusaurus_schema(blog: Blog, folder: Path) -> SiteSchema:
    notes = Notes(blog.root)
    completions = []
    for key, name in (("authors", "authors.yml"), ("tags", "tags.yml")):
        values = _yaml_keys(folder / name, notes)
        if values:
            completions.append((key, values))
    return SiteSchema(completions=tuple(completions), warnings=tuple(notes.warnings))


_JS_DATA_VALUE = re.compile(
    r"""(?<![\w$.])([A-Za-z_$][\w$]*)\s*:\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|"""
    r"""\[[^\]\[{}()]*\]|true|false|-?\d+(?:\.\d+)?)\s*(?=[,}\n])"""
)


def _js_data(text: str) -> dict[str, Any]:
    """The plain values (strings, numbers, booleans, arrays of those) a JS data file's
    exported object literal gives; anything computed is left out."""
    js = JsText.parse(text)
    m = re.search(r"(?:export\s+default|module\.exports\s*=)\s*(?:\(\s*\)\s*=>\s*\(?)?", js.text)
    span = None if m is None else js.object_at(m.end())
    if span is None:
        return {}
    values: dict[str, Any] = {}
    body = js.text[span[0] : span[1] + 1]
    for item in _JS_DATA_VALUE.finditer(body):
        if js.top_level_value(span[0], span[1], item.group(1)) is None:
            continue  # a key of a nested object
        raw = item.group(2)
        if raw.startswith("'"):
            raw = json.dumps(raw[1:-1])
        elif raw.startswith("["):
            raw = (
                "["
                + ",".join(
                    json.dumps(p.strip()[1:-1]) if p.strip()[:1] == "'" else p
                    for p in raw[1:-1].split(",")
                    if p.strip()
                )
                + "]"
            )
        try:
            values[item.group(1)] = json.loads(raw)
        except ValueError:
            continue
    return values


def _eleventy_schema(blog: Blog, folder: Path) -> SiteSchema:
    """The values a new post in `folder` inherits from the directory data files of the
    folder and of every folder above it, up to the blog's root (the nearest wins)."""
    notes = Notes(blog.root)
    inherited: dict[str, Any] = {}
    chain: list[Path] = []
    here = folder
    while here.is_relative_to(blog.root):
        chain.append(here)
        if here == blog.root:
            break
        here = here.parent
    for place in reversed(chain):
        for name in (f"{place.name}.json", f"{place.name}.11tydata.json"):
            path = place / name
            if path.is_file():
                data = read_data(path, notes, "its values are not inherited")
                inherited.update(data or {})
        for suffix in (".js", ".cjs", ".mjs"):
            path = place / f"{place.name}.11tydata{suffix}"
            try:
                inherited.update(_js_data(path.read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError):
                continue
    return SiteSchema(inherited=tuple(inherited.items()), warnings=tuple(notes.warnings))


def read_schema(blog: Blog, folder: Path | None = None) -> SiteSchema:
    """What the site declares about posts in `folder` (default: where new posts go)."""
    where = folder if folder is not None else blog.posts_folder
    if blog.generator == "astro":
        return _astro_schema(blog, where)
    if blog.generator == "docusaurus":
        return _docusaurus_schema(blog, where)
    if blog.generator == "eleventy":
        return _eleventy_schema(blog, where)
    return SiteSchema()


def apply_schema(profile: BlogProfile, schema: SiteSchema) -> BlogProfile:
    """`profile` following `schema`: declared fields with their kinds and required flags
    (those no post uses yet added at the end; with a closed schema, only those), values
    to offer, and without the keys every post inherits."""
    if not (schema.fields or schema.completions or schema.inherited):
        return profile
    declared = {f.key: f for f in schema.fields}
    offered = dict(schema.completions)
    inherited = schema.inherited_keys
    specs: list[FieldSpec] = []
    for spec in profile.fields:
        if spec.key in inherited or (schema.closed and spec.key not in declared):
            continue
        specs.append(_follow(spec, declared.pop(spec.key, None), offered.pop(spec.key, ())))
    for field in declared.values():
        style = (
            FieldStyle("list", flow=True)
            if field.kind in ("terms", "list")
            else FieldStyle("scalar")
        )
        spec = FieldSpec(
            field.key,
            field.kind,
            0,
            field.required,
            style,
            terms_form="list" if field.kind == "terms" else None,
        )
        specs.append(_follow(spec, field, offered.pop(field.key, ())))
    for key, values in offered.items():
        spec = FieldSpec(key, "terms", 0, False, FieldStyle("list", flow=True), terms_form="list")
        specs.append(_follow(spec, None, values))
    return BlogProfile(tuple(specs), profile.post_count)


def _follow(spec: FieldSpec, field: SchemaField | None, offered: tuple[str, ...]) -> FieldSpec:
    if field is not None:
        kind = spec.kind
        if field.kind != "text" or kind not in ("longtext", "emoji"):
            kind = field.kind
        if kind == "terms" and spec.terms_form is None:
            spec = replace(spec, terms_form="list")
        spec = replace(spec, kind=kind, required=field.required)
        offered = offered or field.choices
    if offered and spec.kind == "list":  # names to pick from (Docusaurus authors)
        spec = replace(spec, kind="terms", terms_form="list")
    if offered:
        known = {v for v, _ in spec.values}
        spec = replace(spec, values=spec.values + tuple((v, 0) for v in offered if v not in known))
    return spec
