"""Every command of the window, as data: menus, the toolbar and tests all read this table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from PySide6.QtGui import QKeySequence

StdKey = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str  # "post.save": menu group + name
    text: str  # label with & mnemonic
    # "owner.method": "session.save", "editor.toggle_bold", "window.set_theme"; a checkable
    # action's handler gets its checked state, unless `arg` is given (then handler(arg))
    handler: str
    shortcut: str | StdKey | None = None
    menu: str = ""  # menu it appears in ("" = none)
    toolbar: bool = False
    checkable: bool = False
    tip: str = ""
    arg: object = None  # passed to the handler when not None
    separator_before: bool = False
    # when it can be used: always, with a folder open, with a post open, or as its owner
    # says (the git trust toggle: in a git repository)
    enabled: Literal["always", "folder", "post", "owner"] = "always"
    group: str = ""  # checkable actions of one group exclude each other
    # the preference a checkable action shows: checked when it is true (or equals `arg`)
    pref: str = ""


ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec(
        "file.open_folder",
        "&Open Folder…",
        "window.open_folder_dialog",
        StdKey.Open,
        "File",
        True,
        tip="Open a blog's content folder",
    ),
    ActionSpec(
        "post.new",
        "&New Post…",
        "files.new_post",
        StdKey.New,
        "File",
        True,
        tip="Create a post in this blog's style",
        enabled="folder",
    ),
    ActionSpec(
        "post.save",
        "&Save",
        "session.save",
        StdKey.Save,
        "File",
        True,
        tip="Save the post",
        enabled="post",
    ),
    ActionSpec(
        "post.save_as", "Save &As…", "session.save_as", "Ctrl+Shift+S", "File", enabled="post"
    ),
    ActionSpec(
        "post.history",
        "Local &History…",
        "recovery.show_history",
        None,
        "File",
        tip="Earlier saved versions of this post, with a diff",
        enabled="post",
    ),
    ActionSpec(
        "app.history_keep",
        "Versions to &Keep in History…",
        "recovery.set_history_keep",
        None,
        "File",
        tip="How many saved versions of each post the local history keeps",
    ),
    ActionSpec(
        "post.export",
        "&Export…",
        "publish.export_post",
        "Ctrl+E",
        "File",
        tip="Export the post as a folder, zip, standalone HTML or PDF",
        separator_before=True,
        enabled="post",
    ),
    ActionSpec(
        "post.rename",
        "&Rename Post Folder…",
        "files.rename",
        "F2",
        "File",
        separator_before=True,
        enabled="post",
    ),
    ActionSpec(
        "post.duplicate", "D&uplicate Post", "files.duplicate", None, "File", enabled="post"
    ),
    ActionSpec(
        "post.new_draft",
        "New Dra&ft…",
        "files.new_draft",
        None,
        "File",
        tip="Create a post kept out of the site: in _drafts (Jekyll, Hexo) or marked a draft",
        enabled="folder",
    ),
    ActionSpec(
        "post.publish_draft",
        "Pu&blish Draft",
        "files.publish_draft",
        None,
        "File",
        tip="Move a Jekyll or Hexo draft from _drafts into the posts folder, dated",
        enabled="post",
    ),
    ActionSpec("post.delete", "Move Post to &Trash…", "files.delete", None, "File", enabled="post"),
    ActionSpec(
        "post.reveal", "Show in File &Manager", "session.reveal", None, "File", enabled="post"
    ),
    ActionSpec("post.reload", "Re&load from Disk", "session.reload", None, "File", enabled="post"),
    ActionSpec("app.quit", "&Quit", "window.close", StdKey.Quit, "File", separator_before=True),
    # Edit
    ActionSpec("edit.undo", "&Undo", "editor.undo", StdKey.Undo, "Edit"),
    ActionSpec("edit.redo", "&Redo", "editor.redo", StdKey.Redo, "Edit"),
    ActionSpec(
        "edit.find",
        "&Find…",
        "find.show_find",
        StdKey.Find,
        "Edit",
        separator_before=True,
        enabled="post",
    ),
    ActionSpec(
        "edit.replace", "Find and &Replace…", "find.show_replace", "Ctrl+H", "Edit", enabled="post"
    ),
    ActionSpec(
        "edit.find_next", "Find &Next", "find.find_next", StdKey.FindNext, "Edit", enabled="post"
    ),
    ActionSpec(
        "edit.find_previous",
        "Find Pre&vious",
        "find.find_previous",
        StdKey.FindPrevious,
        "Edit",
        enabled="post",
    ),
    ActionSpec(
        "edit.go_to_line",
        "&Go to Line…",
        "lines.go_to_file_line",
        "Ctrl+L",
        "Edit",
        tip="Go to a line of the file (front matter included, as the status bar counts)",
        enabled="post",
    ),
    ActionSpec(
        "edit.filter_posts", "Filter &Posts", "window.focus_post_filter", "Ctrl+Shift+F", "Edit"
    ),
    # Format
    ActionSpec(
        "format.bold", "&Bold", "editor.toggle_bold", StdKey.Bold, "Format", True, enabled="post"
    ),
    ActionSpec(
        "format.italic",
        "&Italic",
        "editor.toggle_italic",
        StdKey.Italic,
        "Format",
        True,
        enabled="post",
    ),
    ActionSpec(
        "format.strike",
        "&Strikethrough",
        "editor.toggle_strikethrough",
        "Ctrl+Shift+X",
        "Format",
        enabled="post",
    ),
    ActionSpec(
        "format.code",
        "Inline &Code",
        "editor.toggle_inline_code",
        "Ctrl+`",
        "Format",
        enabled="post",
    ),
    ActionSpec(
        "format.link", "&Link…", "editor.insert_link", "Ctrl+K", "Format", True, enabled="post"
    ),
    ActionSpec(
        "format.h1",
        "Heading &1",
        "editor.set_heading",
        "Ctrl+1",
        "Format",
        arg=1,
        separator_before=True,
        enabled="post",
    ),
    ActionSpec(
        "format.h2", "Heading &2", "editor.set_heading", "Ctrl+2", "Format", arg=2, enabled="post"
    ),
    ActionSpec(
        "format.h3", "Heading &3", "editor.set_heading", "Ctrl+3", "Format", arg=3, enabled="post"
    ),
    ActionSpec(
        "format.h4", "Heading &4", "editor.set_heading", "Ctrl+4", "Format", arg=4, enabled="post"
    ),
    ActionSpec(
        "format.paragraph",
        "&Paragraph",
        "editor.set_heading",
        "Ctrl+0",
        "Format",
        arg=0,
        enabled="post",
    ),
    ActionSpec(
        "format.quote",
        "&Quote",
        "editor.toggle_quote",
        "Ctrl+Shift+.",
        "Format",
        separator_before=True,
        enabled="post",
    ),
    ActionSpec(
        "format.bullets",
        "B&ulleted List",
        "editor.toggle_bullet_list",
        "Ctrl+Shift+8",
        "Format",
        enabled="post",
    ),
    ActionSpec(
        "format.numbers",
        "&Numbered List",
        "editor.toggle_numbered_list",
        "Ctrl+Shift+7",
        "Format",
        enabled="post",
    ),
    ActionSpec(
        "format.code_block",
        "Code Bl&ock",
        "editor.insert_code_block",
        "Ctrl+Shift+C",
        "Format",
        enabled="post",
    ),
    # Insert
    ActionSpec(
        "insert.callout",
        "&Callout 💡",
        "editor.insert_callout",
        "Ctrl+Shift+L",
        "Insert",
        True,
        enabled="post",
    ),
    ActionSpec(
        "insert.caption",
        "Ca&ption",
        "editor.insert_caption",
        "Ctrl+Shift+P",
        "Insert",
        enabled="post",
    ),
    ActionSpec(
        "insert.image",
        "&Image…",
        "images.insert_image",
        "Ctrl+Shift+I",
        "Insert",
        True,
        enabled="post",
    ),
    ActionSpec(
        "insert.image_captions",
        "Add a Caption Under New &Images",
        "images.set_captions",
        None,
        "Insert",
        checkable=True,
        pref="caption_after_image",
    ),
    ActionSpec(
        "insert.toc",
        "&Table of Contents",
        "editor.insert_toc",
        "Ctrl+Shift+T",
        "Insert",
        enabled="post",
    ),
    ActionSpec(
        "insert.hr",
        "&Horizontal Rule",
        "editor.insert_hr",
        "Ctrl+Shift+-",
        "Insert",
        enabled="post",
    ),
    # Publish
    ActionSpec(
        "publish.problems",
        "Show &Problems",
        "window.show_problems",
        "F8",
        "Publish",
        tip="The publish check: what to fix before this post goes out",
    ),
    ActionSpec(
        "post.commit",
        "&Commit Post…",
        "publish.commit_post",
        "Ctrl+Alt+C",
        "Publish",
        tip="Commit this post's folder to the blog's git repository",
        enabled="post",
    ),
    ActionSpec(
        "git.push",
        "&Push",
        "publish.push_changes",
        None,
        "Publish",
        tip="Run git push and show its output",
        enabled="folder",
    ),
    ActionSpec(
        "git.trust",
        "&Trust This Folder to Run Git",
        "publish.set_git_trust",
        None,
        "Publish",
        checkable=True,
        tip="Run git here (changed-post markers, commit, push): the repository's settings "
        "can name programs that git runs",
        separator_before=True,
        enabled="owner",
    ),
    # View
    ActionSpec("view.zoom_in", "Zoom &In", "editor.zoom_in", StdKey.ZoomIn, "View"),
    ActionSpec("view.zoom_out", "Zoom &Out", "editor.zoom_out", StdKey.ZoomOut, "View"),
    ActionSpec(
        "view.wrap",
        "Soft &Wrap",
        "window.set_wrap",
        "Alt+Z",
        "View",
        checkable=True,
        pref="soft_wrap",
    ),
    ActionSpec(
        "view.theme_system",
        "Appearance: &System",
        "window.set_theme",
        None,
        "View",
        arg="system",
        checkable=True,
        separator_before=True,
        group="theme",
        pref="theme",
    ),
    ActionSpec(
        "view.theme_light",
        "Appearance: &Light",
        "window.set_theme",
        None,
        "View",
        arg="light",
        checkable=True,
        group="theme",
        pref="theme",
    ),
    ActionSpec(
        "view.theme_dark",
        "Appearance: &Dark",
        "window.set_theme",
        None,
        "View",
        arg="dark",
        checkable=True,
        group="theme",
        pref="theme",
    ),
    ActionSpec(
        "view.preview",
        "&Preview",
        "preview.set_visible",
        "Ctrl+Alt+P",
        "View",
        checkable=True,
        separator_before=True,
        pref="show_preview",
    ),
    ActionSpec(
        "view.sync_scroll",
        "S&ync Scrolling",
        "preview.set_sync_scroll",
        None,
        "View",
        checkable=True,
        pref="sync_scroll",
    ),
    ActionSpec(
        "view.preview_default",
        "Preview Theme: &Clean",
        "preview.set_theme",
        None,
        "View",
        tip="Postdesk's own clean look, not any one blog's",
        arg="default",
        checkable=True,
        separator_before=True,
        group="preview_theme",
        pref="preview_theme",
    ),
    ActionSpec(
        "view.preview_zoomkoding",
        "Preview Theme: &Zoomkoding (zoomkoding-gatsby-blog starter)",
        "preview.set_theme",
        None,
        "View",
        tip="Looks like blogs made from the zoomkoding-gatsby-blog starter (GitHub "
        "zoomkoding/zoomkoding-gatsby-blog): its post styles, no box around callouts",
        arg="zoomkoding",
        checkable=True,
        group="preview_theme",
        pref="preview_theme",
    ),
    ActionSpec(
        "view.preview_husky",
        "Preview Theme: &Husky (a husky-style Gatsby 2 blog)",
        "preview.set_theme",
        None,
        "View",
        tip="Looks like the husky-style Gatsby 2 blog the demo post recent-news comes "
        "from: its captions, body text, links and quotes",
        arg="husky",
        checkable=True,
        group="preview_theme",
        pref="preview_theme",
    ),
    ActionSpec(
        "view.preview_blog",
        "Preview Theme: The &Blog's Stylesheet",
        "preview.set_theme",
        None,
        "View",
        tip="The blog's own CSS from its repository (plain CSS only: not SCSS or a "
        "build's), over the clean theme; nothing it links to is loaded",
        arg="blog",
        checkable=True,
        group="preview_theme",
        pref="preview_theme",
    ),
    ActionSpec(
        "view.custom_css",
        "Add &My Own CSS…",
        "preview.choose_custom_css",
        None,
        "View",
        tip="Preview with a stylesheet of your own, after the theme (remembered for this blog)",
    ),
    ActionSpec("view.clear_css", "Remove My Own CSS", "preview.clear_custom_css", None, "View"),
    ActionSpec(
        "view.remote_post",
        "Load &Remote Content in This Post",
        "preview.set_remote_for_post",
        None,
        "View",
        checkable=True,
        separator_before=True,
    ),
    ActionSpec(
        "view.remote_default",
        "Load Remote Content by &Default",
        "preview.set_remote_default",
        None,
        "View",
        checkable=True,
        pref="remote_default",
    ),
    ActionSpec(
        "view.outline",
        "O&utline",
        "window.set_outline_visible",
        "Ctrl+Shift+O",
        "View",
        checkable=True,
        separator_before=True,
    ),
    ActionSpec(
        "view.sidebar",
        "&Posts Sidebar",
        "window.set_sidebar_visible",
        "Ctrl+Shift+B",
        "View",
        checkable=True,
    ),
    # Help
    ActionSpec("help.about", "&About Postdesk", "window.show_about", None, "Help"),
)

MENUS: tuple[str, ...] = ("File", "Edit", "Format", "Insert", "Publish", "View", "Help")


def action_by_id(action_id: str) -> ActionSpec:
    for spec in ACTIONS:
        if spec.id == action_id:
            return spec
    raise KeyError(action_id)


def shortcut_text(spec: ActionSpec) -> list[str]:
    """The key sequences of an action, as portable text (for tests and tooltips)."""
    if spec.shortcut is None:
        return []
    if isinstance(spec.shortcut, str):
        return [QKeySequence(spec.shortcut).toString(QKeySequence.SequenceFormat.PortableText)]
    return [
        k.toString(QKeySequence.SequenceFormat.PortableText)
        for k in QKeySequence.keyBindings(spec.shortcut)
    ]
