"""What goes out of the editor: the publish check (lint), findings, references,
exports, git.

Kept empty on purpose: the window imports app.core.publish.findings at start-up,
which must not load the checker."""
