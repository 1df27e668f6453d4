"""Publishing: the publish check, export, git."""
