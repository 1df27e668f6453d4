"""What the editor does to the text as the author types: Markdown edit commands
as pure functions, code fences, emoji search."""
