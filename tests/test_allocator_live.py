"""Lesson 5's allocator as an instructor drives it live: labels that never collide,
and a refused slider move that puts the slider back."""

from __future__ import annotations

import itertools

import pytest

from upstream.widgets.budget_allocator import BudgetAllocator


@pytest.fixture(scope="module")
def allocator():
    return BudgetAllocator(n_draws=60)


def _overlaps(a, b, pad=1.0) -> bool:
    return a.x0 < b.x1 + pad and b.x0 < a.x1 + pad and a.y0 < b.y1 + pad and b.y0 < a.y1 + pad


SPLITS = [
    {"prevention": 25, "identification": 25, "aftercare": 25},
    {"prevention": 0, "identification": 0, "aftercare": 0},  # all prosecution: long whiskers
    {"prevention": 100, "identification": 0, "aftercare": 0},
    {"prevention": 0, "identification": 100, "aftercare": 0},
    {"prevention": 0, "identification": 0, "aftercare": 100},
    {"prevention": 40, "identification": 40, "aftercare": 0},
    {"prevention": 5, "identification": 60, "aftercare": 30},
]


@pytest.mark.parametrize("split", SPLITS, ids=lambda s: "-".join(str(v) for v in s.values()))
@pytest.mark.parametrize("total", [0.5, 2.0, 6.0])
def test_percentage_labels_touch_no_whisker_cap_bar_or_line(allocator, split, total):
    assert allocator.set(total=total, **split)
    fig = allocator.fig
    renderer = fig.canvas.get_renderer()
    ax = allocator.axes[0]
    others = [
        *(b.get_window_extent(renderer) for b in allocator.bars),
        *(w.get_window_extent(renderer) for w in allocator.whiskers),
    ]
    line = next(l for l in ax.get_lines() if l.get_linestyle() == "--").get_window_extent(renderer)
    boxes = [t.get_window_extent(renderer) for t in allocator.bar_text]
    assert all(t.get_text().endswith("%") for t in allocator.bar_text)
    for t, box in zip(allocator.bar_text, boxes):
        where = f"label {t.get_text()!r} at total {total}, split {split}"
        assert ax.bbox.x0 <= box.x0 and box.x1 <= ax.bbox.x1 and ax.bbox.y0 <= box.y0 and box.y1 <= ax.bbox.y1, (
            f"{where} leaves the axes"
        )
        hit = [o for o in others if _overlaps(box, o)]
        assert not hit, f"{where} overlaps a bar or a whisker (caps included): {hit}"
        assert not _overlaps(box, line), f"{where} overlaps the dashed 100 % line"
    for a, b in itertools.combinations(boxes, 2):
        assert not _overlaps(a, b), "two percentage labels overlap"


def test_a_refused_slider_move_puts_the_slider_back():
    a = BudgetAllocator(n_draws=40)
    assert a.set(prevention=40, identification=30, aftercare=20)
    updates, alt, budget = a.n_updates, a.alt, a.budget.copy()
    a.shares["prevention"].value = 60  # 110 %: refused
    assert a.shares["prevention"].value == 40, "the slider stayed at the refused value"
    assert "went back to 40%" in a.message.value and "110" in a.message.value
    assert a.n_updates == updates and a.alt == alt and (a.budget == budget).all()
    assert "10%" in a.remainder.value  # the readout still matches the sliders
    a.shares["prevention"].value = 45  # a move that fits is drawn
    assert a.n_updates == updates + 1 and a.shares["prevention"].value == 45
    assert "Not changed" not in a.message.value
