"""Every command of the window, as data: menus, the toolbar and tests all read this table."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

StdKey = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str  # "post.save": menu group + name
    text: str  # label with & mnemonic
    handler: str  # name of the MainWindow method it calls
    shortcut: str | StdKey | None = None
    menu: str = ""  # menu it appears in ("" = none)
    toolbar: bool = False
    checkable: bool = False
    tip: str = ""
    arg: object = None  # passed to the handler when not None
    separator_before: bool = False


_H = "handle_"

ACTIONS: tuple[ActionSpec, ...] = (
    # File
    ActionSpec(
        "file.open_folder",
        "&Open Folder…",
        "open_folder_dialog",
        StdKey.Open,
        "File",
        True,
        tip="Open a blog's content folder",
    ),
    ActionSpec(
        "post.new",
        "&New Post…",
        "new_post",
        StdKey.New,
        "File",
        True,
        tip="Create a post in this blog's style",
    ),
    ActionSpec("post.save", "&Save", "save_post", StdKey.Save, "File", True, tip="Save the post"),
    ActionSpec("post.save_as", "Save &As…", "save_post_as", "Ctrl+Shift+S", "File"),
    ActionSpec(
        "post.history",
        "Local &History…",
        "show_history",
        None,
        "File",
        tip="Earlier saved versions of this post, with a diff",
    ),
    ActionSpec(
        "app.history_keep",
        "Versions to &Keep in History…",
        "set_history_keep",
        None,
        "File",
        tip="How many saved versions of each post the local history keeps",
    ),
    ActionSpec(
        "post.export",
        "&Export…",
        "export_post",
        "Ctrl+E",
        "File",
        tip="Export the post as a folder, zip, standalone HTML or PDF",
        separator_before=True,
    ),
    ActionSpec(
        "post.rename", "&Rename Post Folder…", "rename_post", "F2", "File", separator_before=True
    ),
    ActionSpec("post.duplicate", "D&uplicate Post", "duplicate_post", None, "File"),
    ActionSpec("post.delete", "Move Post to &Trash…", "delete_post", None, "File"),
    ActionSpec("post.reveal", "Show in File &Manager", "reveal_post", None, "File"),
    ActionSpec("post.reload", "Re&load from Disk", "reload_post", None, "File"),
    ActionSpec("app.quit", "&Quit", "close", StdKey.Quit, "File", separator_before=True),
    # Edit
    ActionSpec("edit.undo", "&Undo", "editor_undo", StdKey.Undo, "Edit"),
    ActionSpec("edit.redo", "&Redo", "editor_redo", StdKey.Redo, "Edit"),
    ActionSpec("edit.find", "&Find…", "show_find", StdKey.Find, "Edit", separator_before=True),
    ActionSpec("edit.replace", "Find and &Replace…", "show_replace", "Ctrl+H", "Edit"),
    ActionSpec("edit.find_next", "Find &Next", "find_next", StdKey.FindNext, "Edit"),
    ActionSpec(
        "edit.find_previous", "Find Pre&vious", "find_previous", StdKey.FindPrevious, "Edit"
    ),
    ActionSpec("edit.go_to_line", "&Go to Line…", "go_to_file_line", "Ctrl+L", "Edit",
               tip="Go to a line of the file (front matter included, as the status bar counts)"),
    ActionSpec("edit.filter_posts", "Filter &Posts", "focus_post_filter", "Ctrl+Shift+F", "Edit"),
    # Format
    ActionSpec("format.bold", "&Bold", "format_bold", StdKey.Bold, "Format", True),
    ActionSpec("format.italic", "&Italic", "format_italic", StdKey.Italic, "Format", True),
    ActionSpec("format.strike", "&Strikethrough", "format_strike", "Ctrl+Shift+X", "Format"),
    ActionSpec("format.code", "Inline &Code", "format_code", "Ctrl+`", "Format"),
    ActionSpec("format.link", "&Link…", "format_link", "Ctrl+K", "Format", True),
    ActionSpec(
        "format.h1",
        "Heading &1",
        "format_heading",
        "Ctrl+1",
        "Format",
        arg=1,
        separator_before=True,
    ),
    ActionSpec("format.h2", "Heading &2", "format_heading", "Ctrl+2", "Format", arg=2),
    ActionSpec("format.h3", "Heading &3", "format_heading", "Ctrl+3", "Format", arg=3),
    ActionSpec("format.h4", "Heading &4", "format_heading", "Ctrl+4", "Format", arg=4),
    ActionSpec("format.paragraph", "&Paragraph", "format_heading", "Ctrl+0", "Format", arg=0),
    ActionSpec(
        "format.quote", "&Quote", "format_quote", "Ctrl+Shift+.", "Format", separator_before=True
    ),
    ActionSpec("format.bullets", "B&ulleted List", "format_bullets", "Ctrl+Shift+8", "Format"),
    ActionSpec("format.numbers", "&Numbered List", "format_numbers", "Ctrl+Shift+7", "Format"),
    ActionSpec("format.code_block", "Code Bl&ock", "format_code_block", "Ctrl+Shift+C", "Format"),
    # Insert
    ActionSpec("insert.callout", "&Callout 💡", "insert_callout", "Ctrl+Shift+L", "Insert", True),
    ActionSpec("insert.caption", "Ca&ption", "insert_caption", "Ctrl+Shift+P", "Insert"),
    ActionSpec("insert.image", "&Image…", "insert_image", "Ctrl+Shift+I", "Insert", True),
    ActionSpec(
        "insert.image_captions",
        "Add a Caption Under New &Images",
        "toggle_image_captions",
        None,
        "Insert",
        checkable=True,
    ),
    ActionSpec("insert.toc", "&Table of Contents", "insert_toc", "Ctrl+Shift+T", "Insert"),
    ActionSpec("insert.hr", "&Horizontal Rule", "insert_hr", "Ctrl+Shift+-", "Insert"),
    # Publish
    ActionSpec(
        "publish.problems",
        "Show &Problems",
        "show_problems",
        "F8",
        "Publish",
        tip="The publish check: what to fix before this post goes out",
    ),
    ActionSpec(
        "post.commit",
        "&Commit Post…",
        "commit_post",
        "Ctrl+Alt+C",
        "Publish",
        tip="Commit this post's folder to the blog's git repository",
    ),
    ActionSpec(
        "git.push", "&Push", "push_changes", None, "Publish", tip="Run git push and show its output"
    ),
    ActionSpec(
        "git.trust",
        "&Trust This Folder to Run Git",
        "set_git_trust",
        None,
        "Publish",
        checkable=True,
        tip="Run git here (changed-post markers, commit, push): the repository's settings "
        "can name programs that git runs",
        separator_before=True,
    ),
    # View
    ActionSpec("view.zoom_in", "Zoom &In", "zoom_in", StdKey.ZoomIn, "View"),
    ActionSpec("view.zoom_out", "Zoom &Out", "zoom_out", StdKey.ZoomOut, "View"),
    ActionSpec("view.wrap", "Soft &Wrap", "toggle_wrap", "Alt+Z", "View", checkable=True),
    ActionSpec(
        "view.theme_system",
        "Appearance: &System",
        "set_theme",
        None,
        "View",
        arg="system",
        checkable=True,
        separator_before=True,
    ),
    ActionSpec(
        "view.theme_light",
        "Appearance: &Light",
        "set_theme",
        None,
        "View",
        arg="light",
        checkable=True,
    ),
    ActionSpec(
        "view.theme_dark",
        "Appearance: &Dark",
        "set_theme",
        None,
        "View",
        arg="dark",
        checkable=True,
    ),
    ActionSpec(
        "view.preview",
        "&Preview",
        "toggle_preview",
        "Ctrl+Alt+P",
        "View",
        checkable=True,
        separator_before=True,
    ),
    ActionSpec(
        "view.sync_scroll", "S&ync Scrolling", "toggle_sync_scroll", None, "View", checkable=True
    ),
    ActionSpec(
        "view.preview_default",
        "Preview Theme: &Clean",
        "set_preview_theme",
        None,
        "View",
        arg="default",
        checkable=True,
        separator_before=True,
    ),
    ActionSpec(
        "view.preview_zoomkoding",
        "Preview Theme: &Zoomkoding",
        "set_preview_theme",
        None,
        "View",
        arg="zoomkoding",
        checkable=True,
    ),
    ActionSpec(
        "view.preview_husky",
        "Preview Theme: &Husky",
        "set_preview_theme",
        None,
        "View",
        arg="husky",
        checkable=True,
    ),
    ActionSpec(
        "view.custom_css",
        "Use &My Blog's CSS…",
        "choose_custom_css",
        None,
        "View",
        tip="Preview with a stylesheet of your own (remembered for this blog)",
    ),
    ActionSpec("view.clear_css", "Use the Theme's CSS", "clear_custom_css", None, "View"),
    ActionSpec(
        "view.remote_post",
        "Load &Remote Content in This Post",
        "toggle_remote_for_post",
        None,
        "View",
        checkable=True,
        separator_before=True,
    ),
    ActionSpec(
        "view.remote_default",
        "Load Remote Content by &Default",
        "toggle_remote_default",
        None,
        "View",
        checkable=True,
    ),
    ActionSpec(
        "view.outline",
        "O&utline",
        "toggle_outline",
        "Ctrl+Shift+O",
        "View",
        checkable=True,
        separator_before=True,
    ),
    ActionSpec(
        "view.sidebar", "&Posts Sidebar", "toggle_sidebar", "Ctrl+Shift+B", "View", checkable=True
    ),
    # Help
    ActionSpec("help.about", "&About Postdesk", "show_about", None, "Help"),
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
