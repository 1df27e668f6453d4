"""Helpers shared by the Qt tests (ui and e2e): typing like a keyboard or an input method,
scripted answers to the window's questions, and the controllers built without a window."""
