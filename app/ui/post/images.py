"""Images into the open post: chosen, dropped or pasted, copied beside the post and
referenced from the text as one undoable edit."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from app.core.errors import PostError
from app.core.post.assets import image_size_warning, import_image, markdown_for_image

if TYPE_CHECKING:
    from app.core.siteimages import PasteTarget
    from app.ui.dialogs import Dialogs
    from app.ui.post.editor import MarkdownEditor
    from app.ui.post.session import PostSession
    from app.ui.settings import Settings


class ImageImporter(QObject):
    message = Signal(str, int)

    def __init__(
        self,
        session: PostSession,
        editor: MarkdownEditor,
        dialogs: Dialogs,
        settings: Settings,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.editor = editor
        self.dialogs = dialogs
        self.settings = settings
        editor.imageDropped.connect(self.import_files)
        editor.imagePasted.connect(self.import_data)

    def _post_folder(self) -> Path | None:
        post = self.session.post
        return post.path.parent if post is not None and post.path is not None else None

    def _target(self) -> PasteTarget | None:
        """Where the blog keeps this post's images, and how the post links them: beside a
        bundle post, else the generator's place (Hugo static/images, Jekyll
        assets/images, a Hexo asset folder …); beside the post when none is known."""
        from app.core.blog.images import image_rule  # (not needed before the first paint)
        from app.core.siteimages import PasteTarget

        post = self.session.post
        if post is None or post.path is None:
            return None
        blog = self.session.folder.blog
        if blog.generator is None:
            return PasteTarget(post.path.parent, "./")
        target = image_rule(blog).paste_target(post.path)
        try:
            target.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return PasteTarget(post.path.parent, "./")
        return target

    def _where(self, target: PasteTarget) -> str:
        post = self.session.post
        if post is None or post.path is None or target.folder == post.path.parent:
            return "the post's folder"
        relative = self.session.folder.blog.relative(target.folder)
        return f"{relative}/" if relative else str(target.folder)

    def insert_image(self) -> None:
        folder = self._post_folder()
        if folder is None:
            return
        source = self.dialogs.choose_image(str(folder))
        if source is not None:
            self.import_files([source])

    def import_files(self, paths: list[Path]) -> None:
        """Copy dropped or chosen images into the post's folder; one undo step for all."""
        target = self._target()
        if target is None:
            return
        prefs = self.settings.prefs
        snippets: list[str] = []
        for source in paths:
            try:
                size = Path(source).stat().st_size
            except OSError as exc:
                self.dialogs.error("Cannot add image", f"{source}: {exc.strerror}")
                continue
            warning = image_size_warning(size, prefs.large_image_mb)
            if warning and not self.dialogs.confirm("Large image", warning, "Copy Anyway"):
                continue
            try:
                copied = import_image(target.folder, source=Path(source))
            except (PostError, OSError) as exc:
                self.dialogs.error("Cannot add image", str(exc))
                continue
            snippets.append(
                markdown_for_image(
                    copied.name, Path(source).stem, prefs.caption_after_image, target.link,
                    tag=target.tag,
                )
            )  # fmt: skip
        if snippets:
            self.editor.insert_image_markdown("\n\n".join(snippets))
            self.message.emit(f"Added {len(snippets)} image(s) to {self._where(target)}", 3000)

    def import_data(self, data: bytes, ext: str) -> None:
        target = self._target()
        if target is None:
            return
        warning = image_size_warning(len(data), self.settings.prefs.large_image_mb)
        if warning and not self.dialogs.confirm("Large image", warning, "Paste Anyway"):
            return
        try:
            copied = import_image(target.folder, data=data, ext=ext)
        except (PostError, OSError) as exc:
            self.dialogs.error("Cannot paste image", str(exc))
            return
        # alt text: the file's name, as a dropped file's name gives it one
        markdown = markdown_for_image(
            copied.name, copied.stem, self.settings.prefs.caption_after_image, target.link,
            tag=target.tag,
        )  # fmt: skip
        self.editor.insert_image_markdown(markdown)
        self.message.emit(f"Copied {copied.name} into {self._where(target)}", 3000)

    def set_captions(self, checked: bool) -> None:
        self.settings.prefs.caption_after_image = checked
        self.settings.save()
