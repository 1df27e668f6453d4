"""The `postdesk` command line: the GUI by default, headless subcommands for scripts and tests.

Every subcommand prints errors to stderr with a clear message, exits non-zero on
error, and writes nothing when it fails.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from app.core.errors import PostError
from app.core.terminal_text import escape_controls

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2

_TERMS_KEYS = {"tags", "categories", "category", "keywords"}
SHOT_SIDE = (100, 8192)  # 100000x100000 took 19 GB; 8192x8192 takes about 1.2 GB


class CliError(Exception):
    """A failure to report on stderr; `code` is the exit status."""

    def __init__(self, message: str, code: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.code = code


class _VersionAction(argparse.Action):
    """``--version``: the version is looked up only when asked for (it costs start-up time)."""

    def __init__(
        self,
        option_strings: Sequence[str],
        dest: str = argparse.SUPPRESS,
        default: str = argparse.SUPPRESS,
        help: str = "show program's version number and exit",
    ) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: object,
        option_string: str | None = None,
    ) -> None:
        from app import __version__

        sys.stdout.write(f"postdesk {__version__}\n")
        parser.exit()


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="postdesk",
        description=(
            "Postdesk: a desktop editor for Markdown blog posts. With no command, opens the "
            "window on FOLDER (or the last folder used)."
        ),
        epilog=(
            "commands: render, index, get, set, new, check, export, shot — run "
            "`postdesk COMMAND --help` for each."
        ),
    )
    parser.add_argument("folder", nargs="?", help="content folder (or a post file) to open")
    parser.add_argument("--post", help="slug or path of the post to open first")
    parser.add_argument(
        "--smoke-test",
        action="store_true",
        help="open the window offscreen on a bundled sample blog, check the preview, exit 0 "
        "if it works (for built apps)",
    )
    parser.add_argument("--version", action=_VersionAction)
    return parser


def _command_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="postdesk")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("render", help="render a post to a standalone HTML page")
    p.add_argument("post", type=Path)
    p.add_argument("-o", "--output", type=Path, help="output file (default: standard output)")

    p = sub.add_parser(
        "index",
        help="list the posts, pages and drafts of a blog (its generator's, from any folder "
        "inside it) or of a content folder",
    )
    p.add_argument("folder", type=Path)
    p.add_argument("--json", action="store_true", help="print JSON")

    p = sub.add_parser("get", help="print a post's frontmatter (or one key) as JSON")
    p.add_argument("post", type=Path)
    p.add_argument("key", nargs="?")

    p = sub.add_parser("set", help="set one frontmatter field in place, in the file's style")
    p.add_argument("post", type=Path)
    p.add_argument("key")
    p.add_argument("value")
    p.add_argument("--json", action="store_true", help="VALUE is JSON (lists, numbers, true…)")

    p = sub.add_parser("shot", help="screenshot the window on a folder (and post), offscreen")
    p.add_argument("folder", type=Path)
    p.add_argument("--post", help="slug or path of the post to open")
    p.add_argument("-o", "--output", type=Path, required=True, help="PNG file to write")
    p.add_argument(
        "--size",
        default="1400x900",
        help=f"window size, WIDTHxHEIGHT (each {SHOT_SIDE[0]} to {SHOT_SIDE[1]})",
    )
    p.add_argument("--theme", choices=("light", "dark"), default="light")
    p.add_argument(
        "--preview-theme",
        choices=("default", "zoomkoding", "husky", "blog"),
        default="default",
        help="blog: the blog's own stylesheet (plain CSS in its repository)",
    )

    p = sub.add_parser("new", help="create a post in the blog's style and print its path")
    p.add_argument("folder", type=Path)
    p.add_argument("--title", required=True)
    p.add_argument(
        "--draft", action="store_true", help="in the drafts folder (Jekyll, Hexo _drafts/)"
    )

    p = sub.add_parser(
        "check",
        help="the publish check of a post or a whole folder (exit 1 when there are errors)",
    )
    p.add_argument("path", type=Path, help="a post (file or folder) or a content folder")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--root", type=Path, help="the blog's content folder (for a single post)")
    p.add_argument(
        "--max-image-kb", type=int, default=1000, help="image size limit in KB (0: none)"
    )

    p = sub.add_parser("export", help="export a post (or every post of a folder that passes)")
    p.add_argument("path", type=Path, help="a post (file or folder) or a content folder")
    p.add_argument("--format", required=True, choices=("bundle", "zip", "html", "pdf"))
    p.add_argument("--page-size", choices=("A4", "Letter"), default="A4", help="for --format pdf")
    p.add_argument("-o", "--output", type=Path, required=True, help="destination folder or file")
    p.add_argument(
        "--overwrite", action="store_true", help="replace an existing export (it goes to the trash)"
    )
    p.add_argument(
        "--normalize",
        action="store_true",
        help="bundle/zip: strip trailing whitespace and add a final newline to index.md",
    )
    return parser


def _post_path(path: Path) -> Path:
    from app.core.files import folder_post_file

    if path.is_dir():
        found = folder_post_file(path)
        if found is None:
            raise CliError(f"{path}: no index.md in this folder")
        return found
    return path


def _load(path: Path) -> Any:
    from app.core.post.post import Post

    return Post.load(_post_path(path))


def _same_file(a: Path, b: Path) -> bool:
    """True when `a` is `b` by another name: `./`, a symlink, a hard link (same inode)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False  # `a` does not exist yet (or cannot be looked at): it is not `b`


def _page(source: Path, post: Any) -> str:
    """The post's page as the window previews it: its blog's URLs, syntax and flavor."""
    from app.core.blog import load_blog
    from app.core.blog.images import post_images
    from app.core.publish.differs import blog_flavor
    from app.core.render.mermaid import drawn_body
    from app.core.render.page import render_page
    from app.core.render.syntaxes import syntax_for

    blog = load_blog(source.parent)
    return render_page(
        post.body, post.metadata, source.resolve().parent,
        syntax=syntax_for(blog.generator, source), images=post_images(blog, source),
        flavor=blog_flavor(blog), body_filter=lambda body: drawn_body(body, _draw),
    )  # fmt: skip


def _draw(sources: Mapping[str, str]) -> Mapping[str, Any]:
    """The post's mermaid diagrams drawn as the preview draws them (Qt starts only here,
    offscreen); those not drawn stay code, and one line on stderr says so."""
    from app.core.render.mermaid import renderer_path

    if renderer_path() is None:
        print(
            f"postdesk: {len(sources)} mermaid diagram(s) left as code: Postdesk's diagram "
            "drawer is not installed (`make setup` installs it where npm is present)",
            file=sys.stderr,
        )
        return {}
    from app.ui.preview.draw_now import draw_offscreen

    drawings = draw_offscreen(sources)
    drawn = {key: d for key, d in drawings.items() if d.svg}
    if len(drawn) < len(sources):
        why = next((d.error for d in drawings.values() if not d.svg), "") or "no drawing came"
        print(
            f"postdesk: {len(sources) - len(drawn)} of {len(sources)} mermaid diagram(s) "
            f"left as code: {escape_controls(' '.join(why.split())[:240])}",
            file=sys.stderr,
        )
    return drawn


def cmd_render(args: argparse.Namespace) -> int:
    from app.core.post.post import Post, atomic_write_bytes

    source = _post_path(args.post)
    post = Post.load(source)
    if args.output is not None and _same_file(args.output, source):
        raise CliError(
            f"{args.output} is the post itself: the page would replace its Markdown; "
            "choose another output file",
            EXIT_USAGE,
        )
    html = _page(source, post)
    if args.output:
        atomic_write_bytes(args.output, html.encode("utf-8"))
    else:
        sys.stdout.write(html)
    return EXIT_OK


def cmd_index(args: argparse.Namespace) -> int:
    from app.core.blog import load_blog
    from app.core.library.index import scan

    if not args.folder.is_dir():
        raise CliError(f"{args.folder}: not a folder")
    blog = load_blog(args.folder)
    for warning in blog.warnings if blog.generator is not None else ():
        print(f"postdesk: {blog.generator}: {warning}", file=sys.stderr)
    library = scan(args.folder, blog=blog)
    if args.json:
        json.dump([e.to_json() for e in library.entries], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    for e in library.entries:
        flags = ("page " if e.kind == "page" else "") + ("draft " if e.draft else "")
        flags += "ERROR " if e.error else ""
        tags = " ".join(f"#{t}" for t in e.tags)
        line = f"{e.date[:10]:10}  {e.emoji or ' '} {e.title}  {flags}{tags}  ({e.slug})"
        print(escape_controls(line.rstrip()))
    return EXIT_OK


def cmd_get(args: argparse.Namespace) -> int:
    post = _load(args.post)
    if post.frontmatter_error is not None:
        raise CliError(str(post.frontmatter_error))
    data = post.metadata
    if args.key is not None:
        if args.key not in data:
            raise CliError(f"{args.post}: no field {args.key!r}")
        data = data[args.key]
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")
    return EXIT_OK


def _json_value(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CliError(f"VALUE is not valid JSON: {exc.msg}", EXIT_USAGE) from exc
    except RecursionError as exc:
        raise CliError("VALUE is nested too deeply", EXIT_USAGE) from exc
    except ValueError as exc:  # a number with more than 4300 digits
        raise CliError(f"VALUE cannot be read: {exc}".split(";")[0], EXIT_USAGE) from exc


def cmd_set(args: argparse.Namespace) -> int:
    value: Any = _json_value(args.value) if args.json else args.value
    from app.core.post.post import Post, post_lock

    path = _post_path(args.post)
    with post_lock(path):  # no other writer between this read and the write
        post = Post.load(path)
        if args.key in _TERMS_KEYS and isinstance(value, list):
            post.set_terms(args.key, [str(v) for v in value])
        else:
            post.set(args.key, value)
        post.save()
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from app.core.blog import load_blog
    from app.core.blog.newpost import plan_new_post, write_new_post
    from app.core.post.schema import profile_for_folder

    root: Path = args.folder
    if not root.is_dir():
        raise CliError(f"{root}: not a folder")
    if not args.title.strip():
        raise CliError("the title is empty", EXIT_USAGE)
    blog = load_blog(root)
    for warning in blog.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    # the profile of the posts, not of READMEs and themes beside them at the root
    posts = blog.posts_folder if blog.generator is not None else root
    profile = profile_for_folder(posts if posts.is_dir() else root)
    plan = plan_new_post(blog, args.title, profile, draft=args.draft)
    for note in plan.notes:
        print(f"note: {note}", file=sys.stderr)
    path = write_new_post(blog, plan)
    print(path)
    return EXIT_OK


def _is_post_folder(path: Path) -> bool:
    from app.core.files import folder_post_file

    return path.is_dir() and folder_post_file(path) is not None


def _shown(path: Path, given: Path, root: Path) -> str:
    """A finding's path as the user gave it: `given` joined with the path below `root`."""
    try:
        return str(given / path.relative_to(root))
    except ValueError:
        return str(path)


def cmd_check(args: argparse.Namespace) -> int:
    from app.core.blog import load_blog
    from app.core.blog.images import post_images
    from app.core.library.index import scan
    from app.core.post.post import Post
    from app.core.post.schema import profile_for_folder
    from app.core.publish.differs import blog_flavor, differ_findings
    from app.core.publish.lint import check_folder, check_post, outside_link_finding

    path: Path = args.path
    limit = max(args.max_image_kb, 0) * 1000
    if not path.exists():
        raise CliError(f"{path}: no such file or folder", EXIT_USAGE)
    if path.is_dir() and not _is_post_folder(path):
        root = path.resolve()
        results = {
            _shown(p, path, root): f for p, f in check_folder(path, max_image_bytes=limit).items()
        }
    else:
        post_path = _post_path(path)
        folder = post_path.parent.resolve()  # the folder it is in, not where a link leads
        root = args.root or (folder.parent if _is_post_folder(folder) else folder)
        library = scan(root)
        outside = outside_link_finding(post_path, library.root)
        if outside is not None:  # never read: it is not the blog's
            found = [outside]
        else:
            profile = profile_for_folder(library.root, library=library)
            post = Post.load(post_path)
            blog = load_blog(post_path.parent)  # images as its generator resolves them
            found = check_post(
                post, profile=profile, library=library, max_image_bytes=limit,
                images=post_images(blog, post_path),
            )  # fmt: skip
            found += differ_findings(blog_flavor(blog).notes)
        results = {str(post_path): found}
    if args.json:
        rows = [{"path": p, **f.to_json()} for p, found in results.items() for f in found]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for shown, found in results.items():
            for f in found:  # one finding per line: a post's text must not start another
                print(escape_controls(f"{shown}:{f.line}: {f.severity}: {f.message}"))
    counts = {
        s: sum(f.severity == s for fs in results.values() for f in fs) for s in ("error", "warning")
    }
    print(
        f"{counts['error']} error(s), {counts['warning']} warning(s) in {len(results)} post(s)",
        file=sys.stderr,
    )
    return EXIT_ERROR if counts["error"] else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from app.core.publish.export import export_folder, export_post

    path: Path = args.path
    if not path.exists():
        raise CliError(f"{path}: no such file or folder", EXIT_USAGE)
    options: dict[str, Any] = {"overwrite": args.overwrite, "normalize": args.normalize}
    if args.format == "html":
        options["draw"] = _draw
    if args.format == "pdf":
        return _export_pdf(path, args.output, args.page_size, args.overwrite)
    if path.is_dir() and not _is_post_folder(path):
        folder = export_folder(path, args.format, args.output, **options)
        results, root = folder.exported, path.resolve()
        for skipped, errors in folder.skipped.items():
            shown = escape_controls(_shown(skipped, path, root))
            print(f"skipped {shown}:", file=sys.stderr)
            for f in errors:
                print(f"  {shown}:{f.line}: {escape_controls(f.message)}", file=sys.stderr)
    else:
        results, folder = [export_post(path, args.format, args.output, **options)], None
    for result in results:
        print(result.output)
        for missing in result.missing:
            print(f"warning: {result.output.name}: {missing} does not exist", file=sys.stderr)
        for outside in result.outside:
            print(
                f"warning: {result.output.name}: {outside} is outside the post folder; "
                "not included",
                file=sys.stderr,
            )
    return EXIT_ERROR if folder is not None and folder.skipped else EXIT_OK


def _export_pdf(path: Path, output: Path, page_size: str, overwrite: bool) -> int:
    """PDF through the preview engine (QtWebEngine), offscreen."""
    from app.core.post.post import Post
    from app.core.publish.export import check_export, export_target

    if path.is_dir() and not _is_post_folder(path):
        raise CliError("PDF export takes one post, not a whole folder", EXIT_USAGE)
    source = _post_path(path)
    dest = export_target(source, "pdf", output)
    check_export(source, dest, overwrite=overwrite)
    post = Post.load(source)
    from app.ui.preview.draw_now import offscreen_app
    from app.ui.publish.pdf_export import PdfExportError, export_pdf

    _app = offscreen_app()
    base_dir = source.resolve().parent
    html = _page(source, post)
    try:
        export_pdf(html, base_dir, dest, page_size, timeout_ms=30000 + len(html) // 25)
    except PdfExportError as exc:
        raise CliError(f"PDF export failed: {exc}") from exc
    print(dest)
    return EXIT_OK


def cmd_shot(args: argparse.Namespace) -> int:
    from app.ui.window.shot import take_screenshot

    low, high = SHOT_SIDE
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError as exc:
        raise CliError("--size must look like 1400x900", EXIT_USAGE) from exc
    if not (low <= width <= high and low <= height <= high):
        raise CliError(
            f"--size {width}x{height}: width and height must each be {low} to {high} pixels",
            EXIT_USAGE,
        )
    if not args.folder.is_dir():
        raise CliError(f"{args.folder}: not a folder")
    return take_screenshot(
        args.folder,
        args.post,
        args.output,
        (width, height),
        args.theme,
        preview_theme=args.preview_theme,
    )


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "shot": cmd_shot,
    "render": cmd_render,
    "index": cmd_index,
    "get": cmd_get,
    "set": cmd_set,
    "new": cmd_new,
    "check": cmd_check,
    "export": cmd_export,
}


def _run_gui(argv: Sequence[str]) -> int:
    args = _gui_parser().parse_args(list(argv))
    if args.smoke_test:
        from app.smoke import run_smoke_test

        return run_smoke_test(Path(args.folder) if args.folder else None)
    from app.ui.window.application import run_gui

    folder = Path(args.folder) if args.folder else None
    post = args.post
    if folder is not None and folder.is_file():  # a post file (the desktop entry's %F)
        from app.core.post.postfiles import is_folder_post

        source = folder.resolve()
        post = str(source)
        folder = source.parent.parent if is_folder_post(source) else source.parent
    return run_gui(folder=folder, post=post)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in _COMMANDS:
        return _run_gui(argv)
    args = _command_parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # paths with bytes that are not UTF-8: as they are
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="surrogateescape")
    try:
        return _COMMANDS[args.command](args)
    except (CliError, PostError) as exc:
        code = exc.code if isinstance(exc, CliError) else EXIT_ERROR
        print(f"postdesk {args.command}: {escape_controls(str(exc))}", file=sys.stderr)
        return code
    except BrokenPipeError:  # the reader went away (`| head`): not our failure
        return EXIT_OK
    except OSError as exc:  # a path the system refuses (a name too long …)
        where = f"{exc.filename}: " if exc.filename else ""
        reason = f"{where}{exc.strerror or exc}"
        print(f"postdesk {args.command}: {escape_controls(reason)}", file=sys.stderr)
        return EXIT_ERROR
