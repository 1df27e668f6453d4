"""The blog folder: its session (folder, library, profile, watcher), the sidebar."""
