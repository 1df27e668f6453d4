"""Which static-site generator builds a folder, told from its marker files alone.

`detect_generator(folder)` looks at one folder; `find_blog_root(folder)` walks up from
any folder inside a blog to the folder holding the markers, stopping at the repository
root (the folder with `.git`), the home folder or the filesystem root, so that opening
`content/posts/` of a Hugo site finds the site.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Detected", "Unrecognised", "detect_generator", "find_blog_root", "is_config_path"]

_MAX_LEVELS = 40  # deeper than any real blog; a guard against odd mounts
_MAX_LOOK_DOWN = 64  # a folder with more subfolders is a content folder, not a repository
_JS_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")
_DATA_SUFFIXES = (".toml", ".yaml", ".yml", ".json")


@dataclass(frozen=True)
class Detected:
    """A generator recognised at `root` by `marker` (its config file or folder)."""

    generator: str
    root: Path
    marker: Path


@dataclass(frozen=True)
class Unrecognised:
    """Marker-like files that fit no generator's pattern (`_config.yml` alone)."""

    root: Path
    markers: tuple[str, ...]


def _first(folder: Path, stems: tuple[str, ...], suffixes: tuple[str, ...]) -> Path | None:
    for stem in stems:
        for suffix in suffixes:
            candidate = folder / (stem + suffix)
            if candidate.is_file():
                return candidate
    return None


def _package_depends_on(folder: Path, name: str) -> bool:
    """package.json lists `name` among its dependencies (or, unreadable, mentions it)."""
    try:
        text = (folder / "package.json").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    try:
        data = json.loads(text)
    except ValueError:
        return re.search(r'"' + re.escape(name) + r'"\s*:', text) is not None
    if not isinstance(data, dict):
        return False
    return any(
        isinstance(deps, dict) and name in deps
        for key in ("dependencies", "devDependencies", "peerDependencies")
        for deps in [data.get(key)]
    ) or isinstance(data.get(name), dict)  # `hexo init` writes {"hexo": {"version": …}}


def _hugo(folder: Path) -> Path | None:
    found = _first(folder, ("hugo",), _DATA_SUFFIXES)
    if found is not None:
        return found
    default = folder / "config" / "_default"
    found = _first(default, ("hugo", "config"), _DATA_SUFFIXES) if default.is_dir() else None
    if found is not None:
        return found
    legacy = _first(folder, ("config",), _DATA_SUFFIXES)
    # a bare config.toml is common to many tools: Hugo's needs content/ beside it, and
    # one of the folders `hugo new site` makes (git drops an empty archetypes/)
    if (
        legacy is not None
        and (folder / "content").is_dir()
        and any((folder / d).is_dir() for d in ("archetypes", "layouts", "themes"))
    ):
        return legacy
    return None


def _config_yml(folder: Path) -> Path | None:
    return _first(folder, ("_config",), (".yml", ".yaml"))


def _hexo(folder: Path) -> Path | None:
    # (its source folder may be renamed by `source_dir`: the dependency is the sign)
    config = _config_yml(folder)
    return config if config is not None and _package_depends_on(folder, "hexo") else None


def _jekyll(folder: Path) -> Path | None:
    config = _config_yml(folder) or _first(folder, ("_config",), (".toml",))
    if config is None:
        return None
    return config if (folder / "Gemfile").is_file() or (folder / "_posts").is_dir() else None


def _eleventy(folder: Path) -> Path | None:
    return _first(folder, (".eleventy", "eleventy.config"), _JS_SUFFIXES)


def detect_generator(folder: Path) -> Detected | Unrecognised | None:
    """The generator whose marker files are in `folder` itself, checked in a fixed order
    (see GENERATORS); Unrecognised when only an ambiguous marker is there."""
    checks = (
        ("gatsby", lambda f: _first(f, ("gatsby-config",), _JS_SUFFIXES)),
        ("hugo", _hugo),
        ("hexo", _hexo),
        ("jekyll", _jekyll),
        ("astro", lambda f: _first(f, ("astro.config",), _JS_SUFFIXES)),
        ("docusaurus", lambda f: _first(f, ("docusaurus.config",), _JS_SUFFIXES)),
        ("eleventy", _eleventy),
    )
    for name, check in checks:
        marker = check(folder)
        if marker is not None:
            return Detected(name, folder, marker)
    loose = [p.name for p in (_config_yml(folder), _first(folder, ("config",), (".toml",))) if p]
    if loose:
        return Unrecognised(folder, tuple(loose))
    return None


def _stops_after(folder: Path, home: Path | None) -> bool:
    return (folder / ".git").exists() or folder == home or folder.parent == folder


def _one_below(folder: Path) -> Detected | None:
    """The only blog in a subfolder of `folder` (a repository with the site in `website/`)."""
    try:
        with os.scandir(folder) as it:
            subfolders = [
                Path(e.path)
                for e in it
                if e.name[0] != "." and e.name != "node_modules" and e.is_dir(follow_symlinks=False)
            ]
    except OSError:
        return None
    if len(subfolders) > _MAX_LOOK_DOWN:
        return None
    found: list[Detected] = []
    for subfolder in sorted(subfolders):
        try:
            detected = detect_generator(subfolder)
        except OSError:  # an unreadable folder is no blog
            continue
        if isinstance(detected, Detected):
            found.append(detected)
    return found[0] if len(found) == 1 else None


def find_blog_root(folder: Path) -> Detected | Unrecognised | None:
    """The nearest blog at or above `folder` (resolved): its generator and root; else
    the one blog in a subfolder of `folder`, if there is exactly one.

    Unrecognised markers are remembered but the walk goes on, so that `_config.yml`
    in a subfolder does not hide a real blog above it."""
    start = Path(os.path.realpath(folder))
    try:
        home: Path | None = Path.home().resolve()
    except (OSError, RuntimeError):
        home = None
    unrecognised: Unrecognised | None = None
    current = start
    for _ in range(_MAX_LEVELS):
        try:
            found = detect_generator(current)
        except OSError:
            found = None
        if isinstance(found, Detected):
            return found
        if found is not None and unrecognised is None:
            unrecognised = found
        if _stops_after(current, home):
            break
        current = current.parent
    return _one_below(start) or unrecognised


# files (relative to the blog's root) whose change may change what the blog publishes
_CONFIG_NAMES = re.compile(
    r"^(?:(?:hugo|config)\.(?:toml|ya?ml|json)|config/_default/[^/]+\.(?:toml|ya?ml|json)"
    r"|_config\.(?:ya?ml|toml)|package\.json|\.eleventy\.[cm]?js"
    r"|(?:gatsby-config|astro\.config|docusaurus\.config|eleventy\.config)\.[cm]?[jt]s"
    r"|src/content\.config\.[cm]?[jt]s|src/content/config\.[cm]?[jt]s)$"
)


def is_config_path(rel: str) -> bool:
    """`rel` (POSIX, relative to the blog's root) is a file a generator reads its settings
    or its content's layout from: a change to it means reading the blog again."""
    return _CONFIG_NAMES.match(rel) is not None
