"""A new post where, and written how, the blog's generator wants it.

    plan = plan_new_post(blog, "제주 여행", profile)   # where and what, nothing written
    path = create_new_post(blog, "제주 여행", profile) # written; never over a file
    publish_draft(blog, draft_path)                     # Jekyll/Hexo: _drafts -> _posts

- Jekyll: `_posts/YYYY-MM-DD-slug.md` (a draft: `_drafts/slug.md`).
- Hugo: in the blog's main section, as a file or a bundle as most of its posts are,
  from `archetypes/<section>.md` (or `<section>/index.md`, or `default.md`).
- Hexo: `source/_posts/` named by `new_post_name`, from `scaffolds/post.md` (a draft:
  `source/_drafts/` from `scaffolds/draft.md`).
- Astro: in the collection's folder, with the fields its schema requires.
- Docusaurus: `blog/YYYY-MM-DD-slug.md`, or a `YYYY-MM-DD-slug/index.md` folder as the
  blog does. Eleventy: beside the other posts, without what directory data gives.
- Gatsby, and a blog whose generator is not known: `<slug>/index.md`, as always.

Front matter follows the blog's posts (their keys, quoting, date format) in the format
most of them use (YAML, TOML or JSON), unless a template of the blog's says otherwise.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.core.blog.config import Notes, read_data
from app.core.blog.heads import read_head
from app.core.blog.model import Blog
from app.core.blog.schemas import SiteSchema, apply_schema, read_schema
from app.core.blog.templates import (
    TemplateError,
    TemplateValues,
    fill_hexo_scaffold,
    fill_hugo_archetype,
)
from app.core.errors import PostError
from app.core.post.dates import parse_date
from app.core.post.frontmatter import FieldStyle
from app.core.post.post import atomic_write_bytes
from app.core.post.schema import BlogProfile, FieldSpec
from app.core.post.slug import folder_name, slugify_title, unique_slug
from app.core.post.yamlcore import YamlLoadError, load_core

__all__ = [
    "FrontFormat",
    "NewPost",
    "can_publish",
    "create_new_post",
    "plan_new_post",
    "publish_draft",
    "write_new_post",
]

FrontFormat = Literal["yaml", "toml", "json", "hexo-json"]
_DATED = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
_SAMPLE = 60  # posts looked at to learn how the blog names and writes them


@dataclass(frozen=True)
class NewPost:
    """Where a new post goes and what it holds. `bundle`: its own folder is created."""

    path: Path
    text: str
    bundle: bool
    notes: tuple[str, ...] = ()
    asset_folder: Path | None = None  # Hexo's `post_asset_folder`: made beside the post
    resources: Path | None = None  # a Hugo bundle archetype's folder: copied into the bundle


@dataclass(frozen=True)
class _Habits:
    bundle: bool
    suffix: str
    dated: bool
    fmt: FrontFormat


def _now(blog: Blog) -> datetime:
    zone = None
    if blog.time_zone:
        try:
            zone = ZoneInfo(blog.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
    now = datetime.now(zone) if zone else datetime.now().astimezone()
    return now.replace(microsecond=0)


def _format_of(path: Path) -> FrontFormat:
    try:
        with path.open("rb") as f:
            head = f.read(4096).decode("utf-8-sig", errors="replace")
    except OSError:
        return "yaml"
    first = head.lstrip("\ufeff").split("\n", 1)[0].strip()
    if first == "+++":
        return "toml"
    if first == "{":
        return "json"
    if first != "---" and re.search(r"^;;;\s*$", head, re.M):
        return "hexo-json"
    return "yaml"


def _sample(blog: Blog, folder: Path) -> list[Path]:
    """Up to _SAMPLE Markdown files in `folder` and below, nearest first, without walking
    the whole blog (New Post runs on the GUI thread)."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d[0] not in "._" and d != "node_modules")
        for name in sorted(filenames):
            if name.startswith(("_", ".")) or not name.lower().endswith(blog.suffixes):
                continue
            found.append(Path(dirpath) / name)
            if len(found) >= _SAMPLE:
                return found
    return found


def _habits(blog: Blog, folder: Path, *, default_bundle: bool) -> _Habits:
    """How the posts already in `folder` are named and written (the majority wins)."""
    bundles = dated = 0
    suffixes: Counter[str] = Counter()
    formats: Counter[FrontFormat] = Counter()
    sample = _sample(blog, folder)
    for path in sample:
        is_bundle = path.stem == "index" and path.parent != folder
        bundles += is_bundle
        name = path.parent.name if is_bundle else path.stem
        dated += _DATED.match(name) is not None
        suffixes[path.suffix.lower()] += 1
        formats[_format_of(path)] += 1
    seen = len(sample)
    suffix = ".md"
    if suffixes and suffixes.most_common(1)[0][1] * 2 > seen:
        suffix = suffixes.most_common(1)[0][0]
    return _Habits(
        bundle=bundles * 2 > seen if seen else default_bundle,
        suffix=suffix if suffix in blog.suffixes else blog.suffixes[0],
        dated=dated * 2 > seen if seen else False,
        fmt=formats.most_common(1)[0][0] if formats else "yaml",
    )


def _target_folder(blog: Blog, draft: bool) -> Path:
    if blog.generator in ("jekyll", "hexo"):
        if draft:
            return next(iter(blog.drafts_dirs), blog.posts_folder.parent / "_drafts")
        return next(iter(blog.content_roots), blog.posts_folder)
    if blog.generator == "hugo":
        for root in (*blog.content_roots, *blog.page_roots):
            if blog.main_sections and root.name == blog.main_sections[0]:
                return root
        if not blog.content_roots and blog.page_roots:  # no section yet: Hugo's own advice
            return blog.page_roots[0] / "posts"
    return blog.posts_folder


def _profile_for(blog: Blog, profile: BlogProfile, schema: SiteSchema) -> BlogProfile:
    """The profile with the site's schema, and without draft keys its generator ignores
    (as before, a new post starts as a draft where the blog marks drafts with a key)."""
    followed = apply_schema(profile, schema)
    if blog.generator is None:
        return followed
    # Jekyll and Hexo keep drafts in their own folder: a new post there needs no flag
    folders = blog.generator in ("jekyll", "hexo")
    honoured = set() if folders else {flag.key for flag in blog.draft_flags}
    kept = tuple(
        f for f in followed.fields if f.key not in ("draft", "published") or f.key in honoured
    )
    return replace(followed, fields=kept) if len(kept) != len(followed.fields) else followed


def _with_draft_flag(blog: Blog, profile: BlogProfile) -> BlogProfile:
    """The profile with the blog's draft key (`draft: true` or `published: false`), so a
    new draft is one where the blog marks drafts in the front matter."""
    flags = [
        f for f in blog.draft_flags if (f.key, f.value) in (("draft", True), ("published", False))
    ]
    key = flags[0].key if flags else "draft"
    if profile.field(key) is not None:
        return profile
    spec = FieldSpec(key, "bool", 0, False, FieldStyle("scalar"))
    return replace(profile, fields=(*profile.fields, spec))


def _toml_date(text: str, when: datetime) -> date | datetime | str:
    """A date as TOML writes one: a day alone stays a day; a time gets the post's offset
    (Hugo reads a time without one as UTC)."""
    parsed = parse_date(text)
    if parsed is None:
        return text
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text.strip()):
        return parsed.date()
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=when.tzinfo)


def _to_fill(schema: SiteSchema, head: str) -> list[str]:
    """A note naming the fields the schema requires that the new post leaves empty."""
    try:
        values = load_core(head) or {}
    except YamlLoadError:  # pragma: no cover - new_frontmatter writes valid YAML
        return []
    empty = [
        f.key
        for f in schema.fields
        if f.required and f.key in values and values[f.key] in (None, "", [], {})
    ]
    if not empty:
        return []
    return [f"The site's schema requires {', '.join(empty)}: fill in before building."]


def _convert(yaml_text: str, fmt: FrontFormat, profile: BlogProfile, when: datetime) -> str:
    """YAML front matter (without fences) written as TOML or JSON, fences included."""
    try:
        data = load_core(yaml_text) or {}
    except YamlLoadError as exc:  # pragma: no cover - new_frontmatter writes valid YAML
        raise PostError(f"cannot write the new post's front matter: {exc.message}") from exc
    if fmt == "toml":
        import tomlkit

        doc = tomlkit.document()
        for key, value in data.items():
            spec = profile.field(str(key))
            if spec is not None and spec.kind == "date" and isinstance(value, str):
                value = _toml_date(value, when)  # a TOML date or date-time, unquoted
            doc[str(key)] = "" if value is None else value
        return f"+++\n{tomlkit.dumps(doc)}+++\n"
    plain = {str(k): ("" if v is None else v) for k, v in data.items()}
    text = json.dumps(plain, ensure_ascii=False, indent=2, default=str)
    if fmt == "hexo-json":
        inner = text.strip()[1:-1].strip("\n")
        return "\n".join(line[2:] for line in inner.split("\n")) + "\n;;;\n"
    return text + "\n"


def _hugo_themes(blog: Blog) -> list[str]:
    config = blog.config_file
    if config is None or not config.is_file():
        return []
    theme = (read_data(config, Notes(blog.root), "no theme is read") or {}).get("theme")
    names = [theme] if isinstance(theme, str) else theme if isinstance(theme, list) else []
    return [n for n in names if isinstance(n, str) and n and "/" not in n and n != ".."]


def _hugo_archetype(blog: Blog, section: str, bundle: bool) -> tuple[Path, bool] | None:
    """The archetype `hugo new` would use for `section` (the site's, then its themes'),
    and whether it makes a bundle."""
    folders = [blog.root / "archetypes"]
    folders += [blog.root / "themes" / t / "archetypes" for t in _hugo_themes(blog)]
    for name in (section, "default"):
        for folder in folders:
            if not name:
                continue
            for suffix in (".md", ".markdown"):
                if (folder / f"{name}{suffix}").is_file():
                    return folder / f"{name}{suffix}", bundle
            if (folder / name / "index.md").is_file():
                return folder / name / "index.md", True
    return None


def _hexo_settings(blog: Blog) -> dict[str, Any]:
    if blog.config_file is None:
        return {}
    return read_data(blog.config_file, Notes(blog.root), "Hexo's defaults are used") or {}


def _hexo_name(pattern: str, slug: str, when: datetime) -> str:
    fields = {
        ":title": slug,
        ":year": f"{when.year:04d}",
        ":month": f"{when.month:02d}",
        ":i_month": str(when.month),
        ":day": f"{when.day:02d}",
        ":i_day": str(when.day),
        ":hour": f"{when.hour:02d}",
        ":minute": f"{when.minute:02d}",
        ":second": f"{when.second:02d}",
    }
    return re.sub(r":[a-z_]+", lambda m: fields.get(m.group(), m.group()), pattern)


def _moment(pattern: str, when: datetime) -> str:
    tokens = {"YYYY": "%Y", "MM": "%m", "DD": "%d", "HH": "%H", "mm": "%M", "ss": "%S"}
    out = re.sub(r"YYYY|MM|DD|HH|mm|ss", lambda m: tokens[m.group()], pattern)
    return when.strftime(out)


def _free(folder: Path, stem: str, suffix: str) -> str:
    """`stem`, or `stem-2`… so that neither `stem<suffix>` nor a folder `stem` exists."""
    name = unique_slug(folder, stem)
    n = 2
    while (folder / f"{name}{suffix}").exists() or (folder / name).exists():
        name = f"{stem}-{n}"
        n += 1
    return name


def plan_new_post(
    blog: Blog,
    title: str,
    profile: BlogProfile,
    when: datetime | None = None,
    *,
    draft: bool = False,
) -> NewPost:
    """Where a new post titled `title` goes in `blog` and the text it starts with.
    `draft`: in the generator's drafts folder (Jekyll, Hexo). Raises PostError."""
    title = title.strip()
    if not title:
        raise PostError("a post needs a title")
    when = when or _now(blog)
    if when.tzinfo is None:
        when = when.astimezone()
    folder = _target_folder(blog, draft)
    gen = blog.generator
    gatsby_like = gen in (None, "gatsby")
    habits = _habits(blog, folder, default_bundle=gatsby_like)
    if gatsby_like:
        habits = replace(habits, bundle=True, dated=False, suffix=".md")
    if gen == "jekyll":
        habits = replace(habits, bundle=False, dated=not draft)
    elif gen == "hexo":
        habits = replace(habits, bundle=False, dated=False)
    elif gen == "docusaurus":
        habits = replace(habits, dated=True)
    # Hexo names files by the title in its own case (`filename_case: 0`)
    slug = folder_name(title) if gen == "hexo" else slugify_title(title)
    stem = f"{when:%Y-%m-%d}-{slug}" if habits.dated else slug
    notes: list[str] = []
    schema = read_schema(blog, folder)
    notes += [str(w) for w in schema.warnings]
    profile = _profile_for(blog, profile, schema)
    if draft and gen not in ("jekyll", "hexo"):
        profile = _with_draft_flag(blog, profile)
    values = TemplateValues(title, slug, folder.name, when)
    text: str | None = None
    bundle = habits.bundle
    wants_assets = False
    resources: Path | None = None
    if gen == "hugo":
        found = _hugo_archetype(blog, folder.name, bundle)
        if found is not None:
            try:
                text = fill_hugo_archetype(found[0].read_text(encoding="utf-8"), values)
                bundle = found[1]
                if found[0].name == "index.md":  # a bundle archetype: its files come too
                    resources = found[0].parent
            except (OSError, UnicodeDecodeError, TemplateError) as exc:
                rel = blog.relative(found[0])
                notes.append(f"{rel}: {exc}; the post follows your other posts instead")
    elif gen == "hexo":
        settings = _hexo_settings(blog)
        wants_assets = settings.get("post_asset_folder") is True
        pattern = str(settings.get("new_post_name") or ":title.md")
        if draft:
            pattern = ":title.md"  # Hexo names drafts by their title alone
        name = _hexo_name(pattern, slug, when)
        stem, _, ext = name.rpartition(".")
        habits = replace(habits, suffix=f".{ext}" if ext else ".md")
        scaffold = blog.root / "scaffolds" / ("draft.md" if draft else "post.md")
        date_format = f"{settings.get('date_format') or 'YYYY-MM-DD'} " + str(
            settings.get("time_format") or "HH:mm:ss"
        )
        if scaffold.is_file():
            try:
                text = fill_hexo_scaffold(
                    scaffold.read_text(encoding="utf-8"),
                    values,
                    _moment(date_format, when),
                    "draft" if draft else "post",
                )
            except (OSError, UnicodeDecodeError, TemplateError) as exc:
                notes.append(f"{blog.relative(scaffold)}: {exc}; the post follows your posts")
    if text is None:
        head = profile.new_frontmatter(title, when)
        notes += _to_fill(schema, head)
        text = (
            f"---\n{head}---\n"
            if habits.fmt == "yaml"
            else _convert(head, habits.fmt, profile, when)
        ) + "\n"
    parent = folder / Path(stem).parent
    leaf = Path(stem).name
    name = _free(parent, leaf, "" if bundle else habits.suffix)
    path = parent / name / f"index{habits.suffix}" if bundle else parent / f"{name}{habits.suffix}"
    assets = path.with_suffix("") if gen == "hexo" and wants_assets else None
    return NewPost(path, text, bundle, tuple(notes), assets, resources)


def create_new_post(
    blog: Blog,
    title: str,
    profile: BlogProfile,
    when: datetime | None = None,
    *,
    draft: bool = False,
) -> Path:
    """Write the post `plan_new_post` plans; returns its file. Nothing existing is
    overwritten, and a half-made post is removed. Raises PostError."""
    return write_new_post(blog, plan_new_post(blog, title, profile, when, draft=draft))


def write_new_post(blog: Blog, plan: NewPost) -> Path:
    """Write a planned post (and the folders it needs); returns its file. Nothing existing
    is overwritten, and a half-made post is removed. Raises PostError."""
    made: list[Path] = []
    target_dir = plan.path.parent
    try:
        missing = [p for p in (target_dir, *target_dir.parents) if not p.exists()]
        for folder in reversed(missing):
            if not folder.is_relative_to(blog.root):
                raise PostError("the posts folder is outside the blog", str(folder))
            folder.mkdir()
            made.append(folder)
        if plan.path.exists():
            raise PostError("a post with that name already exists", str(plan.path))
        atomic_write_bytes(plan.path, plan.text.encode("utf-8"))
        if plan.asset_folder is not None:
            with contextlib.suppress(OSError):  # the post is made; images can wait
                plan.asset_folder.mkdir()
        if plan.resources is not None:
            _copy_resources(plan.resources, plan.path.parent, plan.path.name)
    except OSError as exc:
        _undo(made)
        raise PostError(f"cannot create the post: {exc.strerror or exc}", str(plan.path)) from exc
    except PostError:
        _undo(made)
        raise
    return plan.path


def _copy_resources(source: Path, bundle: Path, index: str) -> None:
    """The other files of a bundle archetype, copied as `hugo new` copies them; never
    over a file, never a link out of the archetype."""
    for item in sorted(source.rglob("*")):
        rel = item.relative_to(source)
        if item.is_symlink() or not item.is_file() or rel.as_posix() == index:
            continue
        target = bundle / rel
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(target, item.read_bytes())


def _undo(made: list[Path]) -> None:
    for folder in reversed(made):
        shutil.rmtree(folder, ignore_errors=True)


# -- publishing a draft (Jekyll, Hexo) ---------------------------------------------------


def can_publish(blog: Blog, path: Path) -> bool:
    """`path` is a draft that publishing moves into the posts folder (Jekyll, Hexo)."""
    return (
        blog.generator in ("jekyll", "hexo")
        and bool(blog.content_roots)
        and any(path.is_relative_to(d) for d in blog.drafts_dirs)
    )


def _draft_date(blog: Blog, path: Path) -> datetime | None:
    """The draft's own `date`, read from its front matter only."""
    head = read_head(path, hexo=blog.generator == "hexo")
    value = (head.values or {}).get("date")
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return parse_date(value) if isinstance(value, str) else None


def publish_draft(blog: Blog, path: Path, when: datetime | None = None) -> Path:
    """Move a Jekyll or Hexo draft into the posts folder: Jekyll's name takes the post's
    `date` (else `when`, today). The file's text is not changed. Raises PostError."""
    if not can_publish(blog, path):
        raise PostError("only a Jekyll or Hexo draft in _drafts can be published", str(path))
    dated = _draft_date(blog, path) or when or _now(blog)
    posts = blog.content_roots[0]
    stem = path.stem
    if blog.generator == "jekyll":
        stem = stem if _DATED.match(stem) else f"{dated:%Y-%m-%d}-{stem}"
    else:
        pattern = str(_hexo_settings(blog).get("new_post_name") or ":title.md")
        stem = _hexo_name(pattern, stem, dated).rpartition(".")[0] or stem
    target = posts / f"{stem}{path.suffix}"
    if target.exists():
        raise PostError(f"a post named {target.name!r} already exists", str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        path.rename(target)
    except OSError as exc:
        raise PostError(f"cannot publish the draft: {exc.strerror or exc}", str(path)) from exc
    return target
