"""The composition root: start-up, the main window (it builds and wires the panes
and controllers), the action table and its menus. Nothing outside it imports it."""
