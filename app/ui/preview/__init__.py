"""The preview: its controller (the render pipeline), the pane and its page."""
