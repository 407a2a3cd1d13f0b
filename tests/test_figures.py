"""Each figure function draws what its caption says: panels, lines, bars, labels and limits.

Figures are checked through their artists (no image comparison): the number of
lines or bars, their labels and styles, the axis limits, and the errors for bad input.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch, Rectangle

from upstream import data
from upstream.figures import (
    LEVER_HATCHES,
    RATIO_MAX,
    STATE_TITLES,
    FigureOutput,
    canvas_to_png,
    figure_html,
    figure_to_png,
    model_explorer_figure,
    outcome_ratio_bars,
    plot_capture_scenarios,
    plot_compartment_diagram,
    plot_detected_children,
    plot_estimate_ranges,
    plot_federal_prosecutions,
    plot_law_timeline,
    plot_outcomes,
    plot_regret,
    plot_socio_ecological,
    plot_splits,
    plot_trajectories,
    set_outcome_ratios,
)
from upstream.figures.style import ILLUSTRATIVE, LEVER_COLORS, OKABE_ITO, diagram_axes, new_figure
from upstream.models import LEVERS, OUTCOMES, Budget, simulate, simulate_many


@pytest.fixture(scope="module")
def runs():
    return {
        "none": simulate(Budget(), years=10),
        "prevention": simulate(Budget(prevention=2.0), years=10),
        "mixed": simulate(Budget(0.5, 0.5, 0.5, 0.5), years=10),
    }


def _texts(fig: Figure) -> str:
    """Every text of the figure, with line breaks and runs of spaces folded."""
    return " ".join(" ".join(t.get_text() for t in fig.findobj(matplotlib.text.Text)).split())


def _bars(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


# ---------------------------------------------------------------- style and output


def test_new_figure_is_white_and_drawn_by_agg_without_pyplot():
    fig = new_figure(4, 3, dpi=50)
    assert isinstance(fig.canvas, FigureCanvasAgg)
    assert tuple(fig.get_size_inches()) == (4, 3) and fig.dpi == 50
    assert matplotlib.colors.to_hex(fig.get_facecolor()) == "#ffffff"


def test_diagram_axes_span_the_figure_with_the_asked_limits():
    fig, ax = diagram_axes(5, 4, 6.5)
    assert ax.get_xlim() == (0, 10) and ax.get_ylim() == (0, 6.5)
    assert not ax.axison and tuple(ax.get_position().bounds) == (0, 0, 1, 1)


def test_png_and_accessible_html():
    fig = new_figure(2, 1)
    png = figure_to_png(fig)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    html = figure_html(png, 'A "quoted" <alt>', "Caption & more")
    assert 'alt="A &quot;quoted&quot; &lt;alt&gt;"' in html
    assert "<figcaption>Caption &amp; more</figcaption>" in html
    assert 'src="data:image/png;base64,' in html
    with pytest.raises(ValueError, match="alt must describe the figure"):
        figure_html(png, "  ")
    out = FigureOutput(fig, "Two empty axes", "A caption")
    assert 'alt="Two empty axes"' in out._repr_html_() and "A caption" in out._repr_html_()


def test_live_png_holds_the_canvas_pixels_exactly():
    import io

    from PIL import Image

    from upstream.figures.output import rgba_to_png

    rng = np.random.default_rng(0)
    rgba = rng.integers(0, 256, size=(7, 5, 4), dtype=np.uint8)  # any values, alpha too
    np.testing.assert_array_equal(np.asarray(Image.open(io.BytesIO(rgba_to_png(rgba)))), rgba)
    fig = new_figure(2, 1)
    fig.add_subplot().plot([0, 1], [1, 0])
    fig.canvas.draw()
    decoded = np.asarray(Image.open(io.BytesIO(canvas_to_png(fig.canvas))))
    np.testing.assert_array_equal(decoded, np.asarray(fig.canvas.buffer_rgba()))
    with pytest.raises(ValueError, match="rgba must be a uint8 array of shape"):
        rgba_to_png(rgba[..., :3])


# ---------------------------------------------------------------- population model


def test_trajectories_draw_one_panel_per_state_and_one_styled_line_per_run(runs):
    fig = plot_trajectories(runs, states=("E", "T", "R"))
    axes = fig.axes
    assert [ax.get_title() for ax in axes] == [STATE_TITLES[s] for s in ("E", "T", "R")]
    for ax, st in zip(axes, ("E", "T", "R")):
        lines = ax.get_lines()
        assert [ln.get_label() for ln in lines] == list(runs)
        assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] >= max(getattr(r, st).max() for r in runs.values())
        assert ax.get_xlim()[1] >= 10
        np.testing.assert_allclose(lines[1].get_ydata(), getattr(runs["prevention"], st))
        styles = {(ln.get_color(), str(ln.get_linestyle()), str(ln.get_marker())) for ln in lines}
        assert len(styles) == len(lines), "no two runs look alike"
    none = axes[0].get_lines()[0]
    assert none.get_linestyle() == "--" and matplotlib.colors.to_hex(none.get_color()) == LEVER_COLORS["none"].lower()
    assert [t.get_text() for t in fig.legends[0].get_texts()] == list(runs)
    assert fig._suptitle.get_text() == ILLUSTRATIVE


def test_trajectories_refuse_bad_input(runs):
    with pytest.raises(ValueError, match="states must be drawn from S, R, E, X, T; got 'Q'"):
        plot_trajectories(runs, states=("Q",))
    with pytest.raises(ValueError, match="at least one named Result"):
        plot_trajectories({})
    with pytest.raises(ValueError, match="no trajectories"):
        plot_trajectories({"x": simulate_many(np.zeros((1, 4)))[0]})


def test_outcomes_draw_one_panel_per_outcome_and_one_bar_per_scenario():
    rows = np.array([[0, 0, 0, 0], [2, 0, 0, 0], [0, 2, 0, 0]], dtype=float)
    res = simulate_many(rows, years=10)
    names = ["none", "prevention", "identification"]
    fig = plot_outcomes(res, names)
    assert len(fig.axes) == len(OUTCOMES)
    for ax, key in zip(fig.axes, OUTCOMES):
        bars = _bars(ax)
        assert len(bars) == 3
        np.testing.assert_allclose([b.get_width() for b in bars], getattr(res, key))
        assert ax.get_xlim()[1] >= max(getattr(res, key))
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == names
    assert "10 years" in fig._suptitle.get_text()
    with pytest.raises(ValueError, match=r"names must have one entry per scenario \(3\); got 2"):
        plot_outcomes(res, names[:2])


def test_compartment_diagram_has_the_five_states():
    fig = plot_compartment_diagram()
    ax = fig.axes[0]
    assert sum(isinstance(p, FancyBboxPatch) for p in ax.patches) == 5
    text = _texts(fig)
    for label in ("not at elevated risk", "at elevated risk", "being exploited", "exited,", "traffickers"):
        assert label in text


def test_model_explorer_figure_has_fixed_axes_and_ratio_bars_that_update():
    fig, lines, bars, labels = model_explorer_figure(50.0, 8.0, 12)
    assert set(lines) == {"E0", "E", "T0", "T"}
    assert lines["E"].axes.get_ylim() == (0, 50.0) and lines["T"].axes.get_ylim() == (0, 8.0)
    assert lines["E"].axes.get_xlim() == (0, 12)
    assert lines["E0"].get_linestyle() == "--" and lines["E"].get_linestyle() == "-"
    assert [t.get_text() for t in lines["E"].axes.get_legend().get_texts()] == ["no budget", "your budget"]
    assert len(bars) == len(labels) == len(OUTCOMES)
    base = simulate(Budget(), years=10)
    pct = set_outcome_ratios(bars, labels, base, simulate(Budget(identification=4.0), years=10))
    assert pct["identifications"] > 100 and bars[OUTCOMES.index("identifications")].get_width() <= RATIO_MAX
    for bar, label, k in zip(bars, labels, OUTCOMES):
        assert bar.get_width() == pytest.approx(min(pct[k], RATIO_MAX))
        assert label.get_text() == f" {pct[k]:.0f}%"


def test_outcome_ratio_bars_start_at_no_change():
    fig = new_figure()
    ax = fig.add_subplot()
    bars, labels = outcome_ratio_bars(ax)
    assert [b.get_width() for b in bars] == [100.0] * len(OUTCOMES)
    assert ax.get_xlim() == (0, RATIO_MAX)
    assert ax.lines[0].get_xdata()[0] == 100  # the dashed no-change line


# ---------------------------------------------------------------- budget (lessons 5-6)


def test_splits_stack_each_lever_with_its_colour_and_hatch_to_100_percent():
    splits = np.array([[1.0, 1.0, 1.0, 1.0], [2.0, 0.0, 1.0, 1.0]])
    fig = plot_splits(["even", "prevention-heavy"], splits, title="Two splits")
    ax = fig.axes[0]
    bars = _bars(ax)
    assert len(bars) == 2 * len(LEVERS)
    for j, lever in enumerate(LEVERS):
        pair = bars[2 * j : 2 * j + 2]
        assert {b.get_hatch() or "" for b in pair} == {LEVER_HATCHES[lever]}
        assert matplotlib.colors.to_hex(pair[0].get_facecolor()) == LEVER_COLORS[lever].lower()
    assert [b.get_width() for b in bars[::2]] == pytest.approx([25.0, 25.0, 25.0, 25.0])
    ends = [max(b.get_x() + b.get_width() for b in bars[i::2]) for i in range(2)]
    assert ends == pytest.approx([100.0, 100.0])
    assert ax.get_xlim() == (0, 100) and ax.get_title() == "Two splits"
    with pytest.raises(ValueError, match=r"splits must have shape \(2, 4\)"):
        plot_splits(["a", "b"], np.ones((3, 4)))
    with pytest.raises(ValueError, match="total greater than 0"):
        plot_splits(["a"], np.zeros((1, 4)))


def test_regret_draws_a_box_per_split_and_the_tolerance_line():
    rng = np.random.default_rng(1)
    regret = np.abs(rng.normal(3, 2, size=(3, 200)))
    fig = plot_regret(["a", "b", "c"], regret, tolerance_pct=4.0)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a", "b", "c"]
    assert any(list(ln.get_xdata()) == [4.0, 4.0] for ln in ax.get_lines())
    assert "4% worse" in _texts(fig)
    assert ax.get_xlim()[0] == 0
    with pytest.raises(ValueError, match=r"one row per name \(2\); got 3"):
        plot_regret(["a", "b"], regret)


# ---------------------------------------------------------------- lessons 1-3


def test_law_timeline_marks_each_law_filled_or_open_by_status():
    laws = data.load("us_laws")
    fig = plot_law_timeline(laws)
    ax = fig.axes[0]
    markers = [ln for ln in ax.get_lines() if ln.get_marker() == "o" and len(ln.get_xdata()) == 1]
    assert len(markers) == len(laws)
    filled = sum(ln.get_markerfacecolor() != "white" for ln in markers)
    assert filled == sum(r["status"] == "verified" for r in laws)
    for r in laws:
        assert f"P.L. {r['public_law']}" in _texts(fig)
    assert ax.get_xlim()[1] > max(r["year"] for r in laws)
    with pytest.raises(ValueError, match="at least one record"):
        plot_law_timeline([])


def test_federal_prosecutions_draw_a_line_per_stage_and_refuse_unknown_stages():
    records = data.load("federal_prosecutions")
    fig = plot_federal_prosecutions(records)
    ax = fig.axes[0]
    stages = sorted({r["stage"] for r in records})
    assert sorted(ln.get_label() for ln in ax.get_lines()) == stages
    assert ax.get_ylim() == (0, max(r["persons"] for r in records) * 1.2)
    with pytest.raises(ValueError, match="stage must be one of referred, prosecuted, convicted"):
        plot_federal_prosecutions([*records, {"stage": "charged", "fiscal_year": 2020, "persons": 1}])


def test_estimate_ranges_are_on_a_log_axis_with_a_row_per_estimate():
    records = data.load("prevalence_estimates")
    fig = plot_estimate_ranges(records)
    ax = fig.axes[0]
    assert ax.get_xscale() == "log" and ax.get_xlim() == pytest.approx((500, 6e7))
    assert len(ax.get_yticklabels()) == len(records)
    points = [ln for ln in ax.get_lines() if ln.get_marker() == "D"]
    assert len(points) == sum(np.isfinite(r["point"]) for r in records)


def test_detected_children_stack_girls_on_boys_and_reach_each_total():
    records = sorted(data.load("detected_child_victims"), key=lambda r: r["data_year"])
    fig = plot_detected_children(records)
    ax = fig.axes[0]
    bars = [b for b in _bars(ax) if b.get_height() > 0]
    tops = {}
    for bar in bars:
        x = round(bar.get_x() + bar.get_width() / 2)
        tops[x] = max(tops.get(x, 0.0), bar.get_y() + bar.get_height())
    assert sorted(tops) == list(range(len(records)))
    for xi, r in enumerate(records):
        split = np.isfinite(r.get("percent_girls") or np.nan) and np.isfinite(r.get("percent_boys") or np.nan)
        expected = r["percent_girls"] + r["percent_boys"] if split else r["percent_children"]
        assert tops[xi] == pytest.approx(expected, abs=0.51), f"bar {xi} reaches {tops[xi]}"
        assert f"{r['percent_children']:.0f}%" in _texts(fig)
    hatched = [b for b in bars if b.get_hatch() == "//"]
    assert len(hatched) == sum(1 for r in records if np.isfinite(r.get("percent_boys") or np.nan)), "boys hatched"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["girls", "boys"]
    assert ax.get_ylim() == (0, 50)
    with pytest.raises(ValueError, match="at least one row"):
        plot_detected_children([])


def test_capture_scenarios_mark_the_true_size_and_each_median():
    ratios = {"independent": np.linspace(0.8, 1.2, 101), "dependent": np.linspace(0.4, 0.8, 101)}
    fig = plot_capture_scenarios(ratios)
    ax = fig.axes[0]
    rows = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
    assert rows["independent"] > rows["dependent"], "the first scenario is the top row"
    assert "median 100%" in _texts(fig) and "median 60%" in _texts(fig)
    assert any(list(ln.get_xdata()) == [1.0, 1.0] for ln in ax.get_lines())
    assert ax.get_xlim() == (0, 2.3)
    with pytest.raises(ValueError, match="at least one scenario"):
        plot_capture_scenarios({})


def test_socio_ecological_model_nests_one_box_per_level():
    levels = {"Societal": ["laws"], "Community": ["schools"], "Relationship": ["peers"], "Individual": ["age"]}
    fig = plot_socio_ecological(levels)
    boxes = [p for p in fig.axes[0].patches if isinstance(p, FancyBboxPatch)]
    assert len(boxes) == 4
    widths = [b.get_width() for b in boxes]
    assert widths == sorted(widths, reverse=True), "each level sits inside the one before"
    for name in levels:
        assert name in _texts(fig)
    with pytest.raises(ValueError, match="at least one level"):
        plot_socio_ecological({})


def test_palette_is_okabe_ito():
    assert OKABE_ITO["vermillion"] == "#D55E00" and len(OKABE_ITO) == 8
