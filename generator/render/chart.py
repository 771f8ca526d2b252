"""A benchmark's results over time as an SVG drawn at build time: part of the page, read
without JavaScript, the same bytes every build.

No charting library: the chart is a row of results (a shape and a letter each, so colour
is never the only cue) and, where results carry measured values, those values against
the threshold in force on each review's date, with a mark where the target changed.
Written by hand it costs well under a millisecond a chart and adds nothing to install.
Every text in it comes from a charter, so it is made visible and escaped here.
"""

from __future__ import annotations

import datetime as dt
import math

from markupsafe import Markup, escape

from generator.language.catalog import Language
from generator.language.message import Day, items, message, plural_message
from generator.model.record import BenchmarkRecord, ResultPoint
from generator.render.visible import visible

# Drawn for a phone's width, where its text is read at its own size; wider screens scale it up.
WIDTH = 360
LEFT, RIGHT = 36, 14
PLOT_TOP, PLOT_HEIGHT = 30, 110
ROW_HEIGHT = 22
LETTER = {"met": "✔", "partly": "◐", "missed": "✘", "not-assessed": "–"}
WORD = {
    "met": message("met"),
    "partly": message("partly met"),
    "missed": message("missed"),
    "not-assessed": message("not assessed"),
}


def _text(value: str) -> str:
    return str(escape(visible(value)))


def _number(value: float) -> str:
    """A coordinate, written the same way on every machine."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _value(value: float, spoken: Language) -> str:
    """A measured value or threshold as people write it: 0.05, 48, 97.5 (97,5 in German)."""
    return spoken.number(float(f"{value:.4g}"))


def _x_positions(points: tuple[ResultPoint, ...]) -> dict[str, float]:
    """Each review date's x, in proportion to time between the first and the last."""
    dates = sorted({point.date for point in points})
    days = [_ordinal(date) for date in dates]
    span = (days[-1] - days[0]) or 1
    usable = WIDTH - LEFT - RIGHT
    if len(dates) == 1:
        return {dates[0]: LEFT + usable / 2}
    return {date: LEFT + usable * (day - days[0]) / span for date, day in zip(dates, days, strict=True)}


def _ordinal(date: str) -> int:
    return dt.date.fromisoformat(date).toordinal()


def _round_bounds(low: float, high: float) -> tuple[float, float]:
    """The axis's ends: round numbers around the values, in steps of 1, 2 or 5 × 10ⁿ."""
    span = (high - low) or abs(high) or 1
    if 0 <= low <= 2 * span:
        low = 0  # near zero, from zero: the distance to the target reads true
    raw = (high - low) / 4 or span / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(factor * magnitude for factor in (1, 2, 5, 10) if factor * magnitude >= raw)
    bottom = math.floor(low / step) * step
    top = math.ceil(high / step) * step
    return (bottom, top + step) if top == bottom else (bottom, top)


def describe(record: BenchmarkRecord, spoken: Language) -> str:
    """The chart's text alternative: what a sighted reader takes from it."""
    points = record.points
    counts = {result: sum(point.result == result for point in points) for result in WORD}
    said = items(
        message("%(result)s %(count)s", result=WORD[result], count=count) for result, count in counts.items() if count
    )
    sentences = [
        plural_message(
            "%(count)s result from %(first)s to %(last)s: %(results)s.",
            "%(count)s results from %(first)s to %(last)s: %(results)s.",
            len(points),
            first=Day(points[0].date),
            last=Day(points[-1].date),
            results=said,
        )
    ]
    values = [point.value for point in points if point.value is not None]
    if values and record.unit:
        sentences.append(
            message(
                "Measured values from %(low)s to %(high)s %(unit)s.",
                low=_value(min(values), spoken),
                high=_value(max(values), spoken),
                unit=record.unit,
            )
        )
    changes = [point for point in points if point.target_changed]
    if changes:
        sentences.append(message("The target changed on %(days)s.", days=items(Day(point.date) for point in changes)))
    return " ".join(spoken.text(sentence) for sentence in sentences)


def _value_plot(record: BenchmarkRecord, xs: dict[str, float], spoken: Language) -> list[str]:
    valued = [point for point in record.points if point.value is not None]
    thresholds = [point.threshold.value for point in record.points if point.threshold is not None]
    if not valued:
        return []
    numbers = [point.value for point in valued if point.value is not None] + thresholds
    low, high = _round_bounds(min(numbers), max(numbers))

    def y(value: float) -> float:
        return PLOT_TOP + PLOT_HEIGHT * (high - value) / (high - low)

    parts = [
        f'<line class="chart-axis" x1="{LEFT}" y1="{PLOT_TOP + PLOT_HEIGHT}" x2="{WIDTH - RIGHT}" '
        f'y2="{PLOT_TOP + PLOT_HEIGHT}"/>',
        f'<text class="chart-label" x="{LEFT - 6}" y="{_number(y(high) + 4)}" text-anchor="end">{_value(high, spoken)}</text>',
        f'<text class="chart-label" x="{LEFT - 6}" y="{_number(y(low))}" text-anchor="end">{_value(low, spoken)}</text>',
    ]
    if record.unit:
        parts.append(f'<text class="chart-label" x="{LEFT}" y="{PLOT_TOP - 12}">{_text(record.unit)}</text>')
    # The threshold in force at each review, held until the next one.
    with_threshold = [(point.date, point.threshold) for point in record.points if point.threshold is not None]
    for (date, threshold), following in zip(with_threshold, [*with_threshold[1:], None], strict=True):
        start = xs[date]
        end = xs[following[0]] if following is not None else WIDTH - RIGHT
        level = _number(y(threshold.value))
        parts.append(
            f'<line class="chart-threshold" x1="{_number(start)}" y1="{level}" x2="{_number(end)}" y2="{level}"/>'
        )
    if with_threshold:
        last = with_threshold[-1][1]
        bound = _value(last.value, spoken)
        if last.direction == "max":
            target = message("target ≤ %(value)s", value=bound)
        else:
            target = message("target ≥ %(value)s", value=bound)
        parts.append(
            f'<text class="chart-label" x="{WIDTH - RIGHT}" y="{_number(y(last.value) - 6)}" text-anchor="end">'
            f"{_text(spoken.text(target))}</text>"
        )
    series: dict[str | None, list[ResultPoint]] = {}
    for point in valued:
        series.setdefault(point.party, []).append(point)
    for party, own in sorted(series.items(), key=lambda item: item[0] or ""):
        line = " ".join(f"{_number(xs[point.date])},{_number(y(point.value or 0))}" for point in own)
        if len(own) > 1:
            parts.append(f'<polyline class="chart-values" points="{line}"/>')
        for point in own:
            label = f"{spoken.day(point.date)}: {_value(point.value or 0, spoken)}" + (
                f" ({point.party_name})" if party else ""
            )
            parts.append(
                f'<circle class="chart-point chart-point--{point.result}" cx="{_number(xs[point.date])}" '
                f'cy="{_number(y(point.value or 0))}" r="4"><title>{_text(label)}</title></circle>'
            )
    return parts


def benchmark_chart(record: BenchmarkRecord, chart_id: str, spoken: Language) -> Markup:
    points = record.points
    xs = _x_positions(points)
    plot = _value_plot(record, xs, spoken)
    rows_top = PLOT_TOP + PLOT_HEIGHT + 24 if plot else 12
    per_date: dict[str, int] = {}
    parts = list(plot)
    for point in points:
        if point.target_changed:
            x = _number(xs[point.date])
            changed = message("v%(number)s target", number=point.version) if point.version else message("new target")
            parts.append(
                f'<line class="chart-change" x1="{x}" y1="4" x2="{x}" y2="{rows_top + ROW_HEIGHT}"/>'
                f'<text class="chart-label" x="{x}" y="12" text-anchor="middle">{_text(spoken.text(changed))}</text>'
            )
    for point in points:
        row = per_date.get(point.date, 0)
        per_date[point.date] = row + 1
        x, y = xs[point.date], rows_top + row * ROW_HEIGHT + ROW_HEIGHT / 2
        who = f" ({point.party_name})" if point.party_name else ""
        said = f"{spoken.day(point.date)}: {spoken.text(WORD[point.result])}{who}"
        parts.append(
            f'<g class="chart-result chart-result--{point.result}"><title>{_text(said)}</title>'
            f'<circle cx="{_number(x)}" cy="{_number(y)}" r="9"/>'
            f'<text x="{_number(x)}" y="{_number(y + 4.5)}" text-anchor="middle">{LETTER[point.result]}</text></g>'
        )
    rows = max(per_date.values())
    axis = rows_top + rows * ROW_HEIGHT + 14
    dates = sorted(xs)
    step = max(1, (len(dates) + 5) // 6)  # about six date labels, whatever the number of reviews
    labelled = dates[::step] if dates[-1] in dates[::step] else [*dates[::step][:-1], dates[-1]]
    for date in labelled:
        # The first and last labels keep inside the chart.
        anchor = "start" if date == dates[0] and len(dates) > 1 else "end" if date == dates[-1] else "middle"
        parts.append(
            f'<text class="chart-label" x="{_number(xs[date])}" y="{axis}" text-anchor="{anchor}">{_text(spoken.month(date))}</text>'
        )
    height = axis + 8
    title = _text(spoken.text(message("%(benchmark)s: results over time", benchmark=record.title)))
    return Markup(
        f'<svg class="charter-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{title}</title><desc id="{chart_id}-desc">{_text(describe(record, spoken))}</desc>'
        + "".join(parts)
        + "</svg>"
    )
