"""Broken and hostile inputs, generated at test time by `build.build_corpus`."""
