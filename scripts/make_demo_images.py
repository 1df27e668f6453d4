"""Paint the illustrations used by the demo blog in content/.

Every image is drawn with QImage + QPainter from seeded shapes, so running this
again produces the same pictures. Run from the project root:

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/make_demo_images.py
"""

from __future__ import annotations

import math
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QGuiApplication,
    QImage,
    QLinearGradient,
    QPainter,
    QPainterPath,
    QPen,
    QRadialGradient,
)

CONTENT = Path(__file__).resolve().parent.parent / "content"
MAX_BYTES = 150 * 1024
SANS = "Noto Sans CJK KR"


def font(size: int, bold: bool = False) -> QFont:
    f = QFont(SANS)
    f.setPixelSize(size)
    f.setBold(bold)
    return f


def vertical_gradient(p: QPainter, rect: QRectF, top: str, bottom: str) -> None:
    g = QLinearGradient(rect.topLeft(), rect.bottomLeft())
    g.setColorAt(0.0, QColor(top))
    g.setColorAt(1.0, QColor(bottom))
    p.fillRect(rect, QBrush(g))


def label(p: QPainter, x: float, y: float, text: str, size: int, color: str = "#ffffff",
          bold: bool = True, shadow: bool = True) -> None:
    p.setFont(font(size, bold))
    if shadow:
        p.setPen(QColor(0, 0, 0, 70))
        p.drawText(QPointF(x + 2, y + 2), text)
    p.setPen(QColor(color))
    p.drawText(QPointF(x, y), text)


def rounded(p: QPainter, rect: QRectF, radius: float, fill: str | QColor,
            pen: QPen | None = None) -> None:
    p.setPen(pen if pen is not None else Qt.PenStyle.NoPen)
    p.setBrush(QColor(fill))
    p.drawRoundedRect(rect, radius, radius)


def blank(w: int, h: int) -> tuple[QImage, QPainter]:
    img = QImage(w, h, QImage.Format.Format_RGB32)
    img.fill(QColor("#ffffff"))
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    return img, p


# --- hello-blog ------------------------------------------------------------

def hello_cover() -> QImage:
    w, h = 1200, 630
    img, p = blank(w, h)
    vertical_gradient(p, QRectF(0, 0, w, h), "#ffd8c2", "#c9c3f5")
    # desk
    p.fillRect(QRectF(0, 470, w, 160), QColor("#8d6e63"))
    p.fillRect(QRectF(0, 470, w, 14), QColor("#a1887f"))
    # laptop
    rounded(p, QRectF(640, 220, 400, 250), 14, "#37474f")
    rounded(p, QRectF(656, 236, 368, 218), 6, "#263238")
    colors = ["#80cbc4", "#ffcc80", "#ef9a9a", "#b39ddb", "#90caf9"]
    rng = random.Random(4)
    for i in range(8):
        indent = 20 * rng.choice([0, 0, 1, 2])
        length = rng.randint(80, 230)
        rounded(p, QRectF(676 + indent, 256 + i * 24, length, 10), 5, colors[i % len(colors)])
    rounded(p, QRectF(600, 462, 480, 16), 8, "#546e7a")
    # mug with steam
    rounded(p, QRectF(480, 380, 80, 92), 12, "#fafafa")
    p.setPen(QPen(QColor("#fafafa"), 10))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawArc(QRectF(540, 400, 44, 44), -90 * 16, 180 * 16)
    p.setPen(QPen(QColor(255, 255, 255, 160), 5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for dx in (500, 522):
        path = QPainterPath(QPointF(dx, 365))
        path.cubicTo(QPointF(dx - 14, 345), QPointF(dx + 14, 330), QPointF(dx, 305))
        p.drawPath(path)
    # plant
    rounded(p, QRectF(1080, 400, 70, 72), 10, "#e57373")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#66bb6a"))
    for angle in (-50, -20, 10, 40):
        p.save()
        p.translate(1115, 402)
        p.rotate(angle)
        p.drawEllipse(QRectF(-12, -90, 24, 90))
        p.restore()
    label(p, 80, 250, "Hello, blog.", 88)
    label(p, 84, 320, "첫 글을 쓰는 책상", 36, "#4a3f6b", bold=False, shadow=False)
    p.end()
    return img


# --- python-dataclass-tips ----------------------------------------------------

def slots_memory() -> QImage:
    w, h = 1000, 560
    img, p = blank(w, h)
    vertical_gradient(p, QRectF(0, 0, w, h), "#f5f7fb", "#e8edf7")
    label(p, 60, 80, "Bytes per instance (100,000 objects, CPython 3.11)", 30, "#263238",
          shadow=False)
    bars = [("@dataclass", 104, "#5c6bc0"), ("@dataclass(slots=True)", 64, "#26a69a")]
    scale = 6.0
    for i, (name, value, color) in enumerate(bars):
        y = 170 + i * 160
        label(p, 60, y + 30, name, 26, "#37474f", bold=False, shadow=False)
        rounded(p, QRectF(60, y + 50, value * scale, 64), 10, color)
        label(p, 80 + value * scale, y + 95, f"≈ {value} B", 30, "#263238", shadow=False)
    p.setPen(QPen(QColor("#90a4ae"), 2))
    p.drawLine(QPointF(60, 500), QPointF(940, 500))
    label(p, 60, 535, "measured with tracemalloc, list slot included", 20, "#78909c",
          bold=False, shadow=False)
    p.end()
    return img


# --- postgres-jsonb -----------------------------------------------------------

def gin_index() -> QImage:
    w, h = 1100, 600
    img, p = blank(w, h)
    vertical_gradient(p, QRectF(0, 0, w, h), "#eef5fb", "#dcebf7")
    label(p, 50, 70, "GIN index on events.payload", 34, "#1a3a5a", shadow=False)
    rows = ['{"type": "signup", "plan": "free"}',
            '{"type": "upgrade", "plan": "pro"}',
            '{"type": "signup", "plan": "pro"}',
            '{"type": "cancel"}']
    for i, text in enumerate(rows):
        r = QRectF(50, 130 + i * 105, 440, 78)
        rounded(p, r, 12, "#ffffff", QPen(QColor("#90b4d4"), 2))
        label(p, r.x() + 18, r.y() + 30, f"row {i + 1}", 18, "#7a93ab", bold=False, shadow=False)
        p.setFont(QFont("DejaVu Sans Mono", 15))
        p.setPen(QColor("#1f3b57"))
        p.drawText(QPointF(r.x() + 18, r.y() + 60), text)
    keys = [("type=signup", [1, 3]), ("type=upgrade", [2]), ("plan=pro", [2, 3]),
            ("plan=free", [1]), ("type=cancel", [4])]
    for j, (key, posting) in enumerate(keys):
        r = QRectF(720, 120 + j * 90, 330, 66)
        rounded(p, r, 33, "#336791")
        label(p, r.x() + 24, r.y() + 42, key, 22, "#ffffff", shadow=False)
        label(p, r.x() + 200, r.y() + 42, "→ " + ", ".join(map(str, posting)), 22, "#ffe082",
              shadow=False)
        p.setPen(QPen(QColor(51, 103, 145, 90), 2))
        for row in posting:
            p.drawLine(QPointF(490, 169 + (row - 1) * 105), QPointF(720, r.center().y()))
    p.end()
    return img


# --- jeju-trip ---------------------------------------------------------------

def sea_cover() -> QImage:
    w, h = 1200, 700
    img, p = blank(w, h)
    vertical_gradient(p, QRectF(0, 0, w, 420), "#7fb8e6", "#fde1c2")
    sun = QRadialGradient(QPointF(860, 330), 160)
    sun.setColorAt(0.0, QColor(255, 236, 179, 255))
    sun.setColorAt(0.35, QColor(255, 214, 140, 200))
    sun.setColorAt(1.0, QColor(255, 214, 140, 0))
    p.fillRect(QRectF(0, 0, w, 420), QBrush(sun))
    vertical_gradient(p, QRectF(0, 420, w, 280), "#3c8dbc", "#0f4c75")
    p.setPen(QPen(QColor(255, 255, 255, 90), 3))
    rng = random.Random(7)
    for _ in range(60):
        x, y = rng.uniform(0, w), rng.uniform(440, 690)
        p.drawLine(QPointF(x, y), QPointF(x + rng.uniform(20, 70), y))
    # orange grove silhouette on the left shore
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#2e4d2c"))
    p.drawRect(QRectF(0, 395, 330, 40))
    for cx in range(20, 330, 55):
        p.drawEllipse(QPointF(cx, 392), 40, 34)
    p.setBrush(QColor("#ff9800"))
    for _ in range(14):
        p.drawEllipse(QPointF(rng.uniform(10, 320), rng.uniform(375, 410)), 6, 6)
    label(p, 60, 110, "JEJU · 가을", 64)
    p.end()
    return img


def seongsan_sunrise() -> QImage:
    w, h = 1100, 680
    img, p = blank(w, h)
    vertical_gradient(p, QRectF(0, 0, w, h), "#2b2d5c", "#f4a259")
    sun = QRadialGradient(QPointF(560, 470), 260)
    sun.setColorAt(0.0, QColor(255, 245, 200, 255))
    sun.setColorAt(0.18, QColor(255, 190, 110, 230))
    sun.setColorAt(1.0, QColor(244, 162, 89, 0))
    p.fillRect(QRectF(0, 0, w, h), QBrush(sun))
    # the tuff cone: wide flat crown with a ragged rim
    path = QPainterPath(QPointF(120, 560))
    path.cubicTo(QPointF(220, 520), QPointF(270, 330), QPointF(380, 300))
    rng = random.Random(11)
    x = 380.0
    while x < 760:
        x += rng.uniform(18, 34)
        path.lineTo(QPointF(x, 300 + rng.uniform(-14, 8)))
    path.cubicTo(QPointF(860, 330), QPointF(900, 520), QPointF(1000, 560))
    path.lineTo(QPointF(1000, h))
    path.lineTo(QPointF(120, h))
    path.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#1d1b2f"))
    p.drawPath(path)
    vertical_gradient(p, QRectF(0, 560, w, h - 560), "#3b2f4a", "#15131f")
    p.setBrush(QColor("#15131f"))
    p.drawRect(QRectF(0, 600, w, 80))
    label(p, 60, 90, "Seongsan sunrise, 06:21", 40)
    p.end()
    return img


def hallasan() -> QImage:
    w, h = 1000, 640
    img, p = blank(w, h)
    vertical_gradient(p, QRectF(0, 0, w, h), "#5aa9e6", "#d6ecfa")
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(255, 255, 255, 210))
    rng = random.Random(3)
    for _ in range(5):
        cx, cy = rng.uniform(60, 940), rng.uniform(60, 200)
        for k in range(4):
            p.drawEllipse(QPointF(cx + k * 34, cy + (k % 2) * 8), 42, 26)
    far = QPainterPath(QPointF(0, 470))
    far.cubicTo(QPointF(260, 360), QPointF(380, 250), QPointF(500, 240))
    far.cubicTo(QPointF(620, 250), QPointF(740, 360), QPointF(1000, 470))
    far.lineTo(QPointF(1000, h))
    far.lineTo(QPointF(0, h))
    far.closeSubpath()
    p.setBrush(QColor("#4f6d7a"))
    p.drawPath(far)
    snow = QPainterPath(QPointF(405, 282))
    snow.cubicTo(QPointF(450, 248), QPointF(550, 248), QPointF(595, 282))
    snow.lineTo(QPointF(560, 300))
    snow.lineTo(QPointF(520, 285))
    snow.lineTo(QPointF(480, 302))
    snow.lineTo(QPointF(440, 290))
    snow.closeSubpath()
    p.setBrush(QColor("#f4f7fa"))
    p.drawPath(snow)
    near = QPainterPath(QPointF(0, 560))
    near.cubicTo(QPointF(200, 480), QPointF(420, 520), QPointF(600, 500))
    near.cubicTo(QPointF(780, 480), QPointF(900, 530), QPointF(1000, 520))
    near.lineTo(QPointF(1000, h))
    near.lineTo(QPointF(0, h))
    near.closeSubpath()
    p.setBrush(QColor("#2f5d3a"))
    p.drawPath(near)
    label(p, 50, 600, "한라산 · 1,947 m", 38)
    p.end()
    return img


def hyeopjae_beach() -> QImage:
    w, h = 1100, 620
    img, p = blank(w, h)
    vertical_gradient(p, QRectF(0, 0, w, 300), "#9fd3f2", "#e9f6fd")
    # Biyangdo island on the horizon
    island = QPainterPath(QPointF(640, 300))
    island.cubicTo(QPointF(700, 250), QPointF(780, 235), QPointF(840, 262))
    island.cubicTo(QPointF(880, 280), QPointF(900, 292), QPointF(930, 300))
    island.closeSubpath()
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#5b7f6a"))
    p.drawPath(island)
    vertical_gradient(p, QRectF(0, 300, w, 160), "#3bb3c3", "#8fe3dc")
    sand = QPainterPath(QPointF(0, 430))
    sand.cubicTo(QPointF(300, 400), QPointF(700, 470), QPointF(1100, 420))
    sand.lineTo(QPointF(1100, h))
    sand.lineTo(QPointF(0, h))
    sand.closeSubpath()
    g = QLinearGradient(QPointF(0, 420), QPointF(0, h))
    g.setColorAt(0.0, QColor("#f6e7c8"))
    g.setColorAt(1.0, QColor("#e3c89a"))
    p.setBrush(QBrush(g))
    p.drawPath(sand)
    p.setPen(QPen(QColor(255, 255, 255, 200), 4))
    p.setBrush(Qt.BrushStyle.NoBrush)
    foam = QPainterPath(QPointF(0, 428))
    foam.cubicTo(QPointF(300, 398), QPointF(700, 468), QPointF(1100, 418))
    p.drawPath(foam)
    label(p, 50, 570, "Hyeopjae beach", 40, "#5d4a2e", shadow=False)
    p.end()
    return img


def dongmun_market() -> QImage:
    w, h = 1000, 600
    img, p = blank(w, h)
    vertical_gradient(p, QRectF(0, 0, w, h), "#1b1f3b", "#3a2c4f")
    p.setPen(Qt.PenStyle.NoPen)
    # a string of lanterns over the stalls
    for i in range(9):
        x = 60 + i * 110
        y = 120 + 28 * ((i % 3) - 1)
        glow = QColor("#ffb347")
        glow.setAlpha(60)
        p.setBrush(glow)
        p.drawEllipse(QPointF(x, y), 46, 46)
        p.setBrush(QColor("#ff8c42" if i % 2 else "#ffcf5c"))
        p.drawEllipse(QPointF(x, y), 24, 30)
    # stall roofs and counters
    for i, color in enumerate(("#c0392b", "#2e86c1", "#27ae60", "#d68910")):
        x = 40 + i * 240
        rounded(p, QRectF(x, 300, 200, 60), 10, color)
        rounded(p, QRectF(x + 10, 360, 180, 150), 6, "#5d4037")
        rounded(p, QRectF(x + 25, 380, 150, 40), 6, "#f5e6c8")
    label(p, 50, 565, "Dongmun night market", 40)
    p.end()
    return img


# --- debounce-throttle --------------------------------------------------------

def throttle_calls(events: list[float], interval: float) -> list[float]:
    """When a leading+trailing throttle (the one in the post) calls through."""
    calls: list[float] = []
    last = -math.inf
    trailing: float | None = None
    for e in events:
        if trailing is not None and trailing <= e:
            calls.append(trailing)
            last, trailing = trailing, None
        remaining = interval - (e - last)
        if remaining <= 0:
            trailing = None
            calls.append(e)
            last = e
        elif trailing is None:
            trailing = e + remaining
    if trailing is not None:
        calls.append(trailing)
    return [c for c in calls if c <= 1000]


def timeline() -> QImage:
    w, h = 1200, 520
    img, p = blank(w, h)
    p.fillRect(QRectF(0, 0, w, h), QColor("#fbfaf7"))
    rng = random.Random(21)
    events: list[float] = []
    t = 0.0
    while t < 1000:
        t += rng.choice([18, 22, 26, 30, 140, 200]) if events else 40
        if t < 1000:
            events.append(t)
    x0, span = 240.0, 920.0

    def to_x(ms: float) -> float:
        return x0 + ms / 1000 * span

    debounced = [a for a, b in zip(events, [*events[1:], 10_000], strict=True) if b - a > 100]
    debounced = [e + 100 for e in debounced if e + 100 <= 1000]
    throttled = throttle_calls(events, 100)
    rows = [("input events", events, "#9e9e9e"), ("debounce 100ms", debounced, "#ef6c00"),
            ("throttle 100ms", throttled, "#1e88e5")]
    for i, (name, marks, color) in enumerate(rows):
        y = 110 + i * 140
        label(p, 30, y + 8, name, 24, "#37474f", bold=True, shadow=False)
        p.setPen(QPen(QColor("#cfd8dc"), 2))
        p.drawLine(QPointF(x0, y), QPointF(x0 + span, y))
        p.setPen(QPen(QColor(color), 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        for m in marks:
            p.drawLine(QPointF(to_x(m), y - 26), QPointF(to_x(m), y + 26))
    p.setPen(QPen(QColor("#b0bec5"), 1, Qt.PenStyle.DashLine))
    for ms in range(0, 1001, 100):
        p.drawLine(QPointF(to_x(ms), 60), QPointF(to_x(ms), 430))
        label(p, to_x(ms) - 16, 470, f"{ms}", 16, "#78909c", bold=False, shadow=False)
    label(p, x0, 505, "time (ms)", 16, "#78909c", bold=False, shadow=False)
    p.end()
    return img


# --- 2023-retrospective -------------------------------------------------------

def commit_heatmap() -> QImage:
    w, h = 1100, 300
    img, p = blank(w, h)
    p.fillRect(QRectF(0, 0, w, h), QColor("#ffffff"))
    shades = ["#ebedf0", "#9be9a8", "#40c463", "#30a14e", "#216e39"]
    rng = random.Random(2023)
    cell, gap, left, top = 16, 4, 70, 70
    for week in range(52):
        # quieter in spring, busy in autumn when the side project started
        season = 0.5 + 0.5 * math.sin((week - 20) / 52 * 2 * math.pi)
        for day in range(7):
            weekend = day in (0, 6)
            score = rng.random() * (0.6 + season) + (0.25 if weekend and week > 30 else 0)
            level = min(4, int(score * 3.2))
            if rng.random() < 0.18:
                level = 0
            rounded(p, QRectF(left + week * (cell + gap), top + day * (cell + gap), cell, cell),
                    3, shades[level])
    for i, month in enumerate(["1월", "3월", "5월", "7월", "9월", "11월"]):
        label(p, left + i * 8.67 * (cell + gap), top - 14, month, 16, "#57606a", bold=False,
              shadow=False)
    label(p, 20, 40, "2023 커밋 기록", 22, "#24292f", shadow=False)
    label(p, 700, 250, "적음", 15, "#57606a", bold=False, shadow=False)
    for i, shade in enumerate(shades):
        rounded(p, QRectF(740 + i * 20, 237, 16, 16), 3, shade)
    label(p, 848, 250, "많음", 15, "#57606a", bold=False, shadow=False)
    p.end()
    return img


# --- monte-carlo-pi -----------------------------------------------------------

def darts() -> QImage:
    w = h = 900
    img, p = blank(w, h)
    p.fillRect(QRectF(0, 0, w, h), QColor("#fdfcf8"))
    side, ox, oy = 700.0, 120.0, 80.0
    p.setPen(QPen(QColor("#455a64"), 3))
    p.setBrush(QColor("#f3f6f9"))
    p.drawRect(QRectF(ox, oy, side, side))
    p.setBrush(QColor("#fff3e0"))
    p.drawPie(QRectF(ox - side, oy, 2 * side, 2 * side), 0, 90 * 16)
    rng = random.Random(314)
    inside = 0
    total = 1500
    p.setPen(Qt.PenStyle.NoPen)
    for _ in range(total):
        x, y = rng.random(), rng.random()
        hit = x * x + y * y <= 1.0
        inside += hit
        p.setBrush(QColor("#e65100") if hit else QColor("#1565c0"))
        p.drawEllipse(QPointF(ox + x * side, oy + side - y * side), 3.2, 3.2)
    estimate = 4 * inside / total
    label(p, ox, 830, f"{inside} / {total} inside   →   π ≈ 4 × {inside}/{total} = {estimate:.3f}",
          26, "#263238", shadow=False)
    label(p, ox - 30, oy + side + 26, "0", 20, "#455a64", bold=False, shadow=False)
    label(p, ox + side - 6, oy + side + 30, "1", 20, "#455a64", bold=False, shadow=False)
    label(p, 90, oy + 10, "1", 20, "#455a64", bold=False, shadow=False)
    p.end()
    return img


# --- side-project-retro -------------------------------------------------------

def app_screenshot() -> QImage:
    w, h = 1000, 640
    img, p = blank(w, h)
    vertical_gradient(p, QRectF(0, 0, w, h), "#fff8e1", "#ffe0b2")
    phone = QRectF(330, 30, 340, 580)
    rounded(p, phone.adjusted(-12, -12, 12, 12), 46, "#212121")
    rounded(p, phone, 36, "#ffffff")
    rounded(p, QRectF(phone.x(), phone.y(), phone.width(), 150), 36, "#ffb300")
    p.fillRect(QRectF(phone.x(), phone.y() + 110, phone.width(), 40), QColor("#ffb300"))
    label(p, phone.x() + 28, phone.y() + 62, "짤랑 · 5월", 24, "#4e342e", shadow=False)
    label(p, phone.x() + 28, phone.y() + 118, "₩ 412,300", 40, "#3e2723", shadow=False)
    items = [("점심 김밥", "-8,000", "#ef5350"), ("월급", "+3,200,000", "#43a047"),
             ("커피", "-4,500", "#ef5350"), ("교통카드 충전", "-30,000", "#ef5350"),
             ("중고 키보드", "+45,000", "#43a047"), ("넷플릭스", "-13,500", "#ef5350")]
    for i, (name, amount, color) in enumerate(items):
        y = phone.y() + 180 + i * 62
        rounded(p, QRectF(phone.x() + 20, y, 44, 44), 22, "#fff3e0")
        label(p, phone.x() + 78, y + 29, name, 19, "#424242", bold=False, shadow=False)
        p.setFont(font(19, True))
        p.setPen(QColor(color))
        p.drawText(QRectF(phone.x() + 200, y, phone.width() - 220, 44),
                   Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, amount)
    label(p, 40, 80, "v0.3", 30, "#8d6e63", shadow=False)
    p.end()
    return img


IMAGES: dict[str, Callable[[], QImage]] = {
    "hello-blog/cover.png": hello_cover,
    "python-dataclass-tips/slots-memory.png": slots_memory,
    "postgres-jsonb/gin-index.png": gin_index,
    "jeju-trip/cover.jpg": sea_cover,
    "jeju-trip/seongsan sunrise.jpg": seongsan_sunrise,
    "jeju-trip/한라산.jpg": hallasan,
    "jeju-trip/hyeopjae-beach.jpg": hyeopjae_beach,
    "jeju-trip/dongmun-market.jpg": dongmun_market,
    "debounce-throttle/timeline.png": timeline,
    "2023-retrospective/commits-2023.png": commit_heatmap,
    "monte-carlo-pi/darts.png": darts,
    "side-project-retro/app-screenshot.png": app_screenshot,
}


def save(img: QImage, target: Path) -> int:
    target.parent.mkdir(parents=True, exist_ok=True)
    quality = 85 if target.suffix == ".jpg" else -1
    if not img.save(str(target), None, quality):
        raise SystemExit(f"could not write {target}")
    size = target.stat().st_size
    if size > MAX_BYTES and target.suffix == ".png":
        # busy antialiased pictures: a 256-colour palette keeps them small and still crisp
        flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.PreferDither
        img.convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(target))
        size = target.stat().st_size
    if size > MAX_BYTES:
        raise SystemExit(f"{target} is {size} bytes, over the {MAX_BYTES} limit")
    return size


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)  # noqa: F841  (fonts need it)
    for rel, paint in IMAGES.items():
        img = paint()
        size = save(img, CONTENT / rel)
        print(f"{rel:45} {img.width()}x{img.height()}  {size // 1024} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
