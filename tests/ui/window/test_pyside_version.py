"""The PySide6 build the project installs must survive many calls that return None.

PySide6 6.12.0 on CPython 3.11 decrements None's refcount on each such call and aborts
with "Fatal Python error: none_dealloc" after about 5,000 of them. The test runs in a
child process so that a crash fails this test instead of killing the whole run.
"""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
for i in range(20000):
    label.setText(str(i))
    label.setToolTip(None)
print("survived", label.text())
"""


def test_twenty_thousand_none_returning_calls_survive() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "survived 19999"
