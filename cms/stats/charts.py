"""Server-drawn SVG charts: geometry computed here, markup in templates/stats/_chart.html."""

from dataclasses import dataclass, field
from datetime import date

WIDTH = 720
HEIGHT = 220
LEFT = 56  # room for the y-axis labels
RIGHT = 8
TOP = 10
BOTTOM = 28  # room for the date labels


@dataclass
class Chart:
    """Everything the template needs to draw a bar chart of visits per day."""

    points: list[tuple[date, int]]
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[dict] = field(default_factory=list)
    y_ticks: list[dict] = field(default_factory=list)
    x_ticks: list[dict] = field(default_factory=list)
    peak: int = 0
    total: int = 0
    plot_left: int = LEFT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_right: int = WIDTH - RIGHT


def _nice_max(value: int) -> int:
    """A round number at or above value for the top of the y axis."""
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return 10 * magnitude


def bar_chart(points: list[tuple[date, int]], x_labels: int = 6) -> Chart:
    """Lay out one bar per day, a y axis with 4 steps and a few date labels."""
    chart = Chart(points=points)
    if not points:
        return chart
    chart.peak = max(v for _, v in points)
    chart.total = sum(v for _, v in points)
    top = _nice_max(chart.peak)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    slot = plot_w / len(points)
    gap = slot * 0.2 if slot >= 4 else 0
    for i, (day, value) in enumerate(points):
        h = plot_h * value / top
        chart.bars.append(
            {
                "x": round(LEFT + i * slot + gap / 2, 2),
                "y": round(TOP + plot_h - h, 2),
                "w": round(max(slot - gap, 0.5), 2),
                "h": round(h, 2),
                "day": day,
                "value": value,
            }
        )
    for k in range(5):
        value = top * k // 4
        chart.y_ticks.append({"y": round(TOP + plot_h - plot_h * k / 4, 2), "value": value})
    step = max(1, len(points) // x_labels)
    for i in range(0, len(points), step):
        chart.x_ticks.append({"x": round(LEFT + (i + 0.5) * slot, 2), "day": points[i][0]})
    return chart
