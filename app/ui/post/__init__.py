"""The open post: its session (the only writer of the post), the editor, its
highlighting, find, outline, images and line numbers."""
