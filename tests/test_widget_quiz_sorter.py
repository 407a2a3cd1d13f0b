"""Quiz and Sorter: pure checks, widget feedback, static HTML, refused input."""

from __future__ import annotations

import re

import pytest

from upstream.content import load_json
from upstream.widgets import Quiz, Sorter
from upstream.widgets.quiz import grade, validate_questions
from upstream.widgets.sorter import check_card, validate_deck

QUESTIONS = [
    {
        "prompt": "2 + 2?",
        "options": [
            {"text": "3", "correct": False, "feedback": "Off by one."},
            {"text": "4", "correct": True, "feedback": "Two pairs make four."},
            {"text": "5", "correct": False, "feedback": "Too many."},
        ],
    },
    {
        "prompt": "Sky colour?",
        "options": [
            {"text": "Blue", "correct": True, "feedback": "Rayleigh scattering."},
            {"text": "Green", "correct": False, "feedback": "Not usually."},
        ],
        "explanation": "Short light scatters more.",
    },
]
DECK = {
    "categories": ["Fruit", "Vegetable"],
    "cards": [
        {"text": "Apple", "category": "Fruit", "why": "Grows from a flower."},
        {"text": "Carrot", "category": "Vegetable", "why": "A root."},
    ],
}


class Spy:
    """Records the call's trailing arguments: (question, option) or (card, category)."""

    def __init__(self, fn, skip):
        self.fn, self.skip, self.calls = fn, skip, []

    def __call__(self, *args):
        self.calls.append(args[self.skip :])
        return self.fn(*args)


# -- pure functions -----------------------------------------------------------
def test_grade_gives_per_option_feedback():
    fb = grade(QUESTIONS, 0, 0)
    assert not fb.correct and fb.text == "Off by one." and fb.answer == 1
    assert grade(QUESTIONS, 0, 1).correct


@pytest.mark.parametrize(
    "q, o, pattern",
    [
        (0, 3, r"option .*\[0, 2\].*3"),
        (2, 0, r"question .*\[0, 1\]"),
        (0, -1, r"option"),
        (0, "1", r"option"),
        (True, 0, r"question"),
    ],
)
def test_grade_refuses_unknown_indices(q, o, pattern):
    with pytest.raises(ValueError, match=pattern):
        grade(QUESTIONS, q, o)


def test_validate_questions_catches_bad_content():
    with pytest.raises(ValueError, match="exactly one option"):
        validate_questions(
            [{"prompt": "x", "options": [{"text": "a", "feedback": "f"}, {"text": "b", "feedback": "g"}]}]
        )
    with pytest.raises(ValueError, match="prompt"):
        validate_questions([{"options": []}])
    with pytest.raises(ValueError, match="non-empty list"):
        validate_questions([])


def test_check_card_and_validate_deck():
    cats, cards = validate_deck(DECK["categories"], DECK["cards"])
    assert check_card(cats, cards, 1, "Vegetable").correct
    fb = check_card(cats, cards, 0, "Vegetable")
    assert not fb.correct and fb.answer == "Fruit" and "flower" in fb.text
    with pytest.raises(ValueError, match=r"card .*\[0, 1\]"):
        check_card(cats, cards, 5, "Fruit")
    with pytest.raises(ValueError, match="category must be one of Fruit, Vegetable"):
        check_card(cats, cards, 0, "Mineral")
    with pytest.raises(ValueError, match="category must be one of"):
        validate_deck(["A", "B"], [{"text": "t", "why": "w", "category": "C"}])


# -- Quiz widget ----------------------------------------------------------------
def test_quiz_check_button_grades_the_selected_option_and_shows_feedback():
    spy = Spy(grade, 1)
    quiz = Quiz(QUESTIONS, title="T", grade_fn=spy)
    assert quiz.feedback[0].value == ""
    quiz.choices[0].value = 2
    quiz.buttons[0].click()
    assert spy.calls[-1] == (0, 2)
    assert "Too many." in quiz.feedback[0].value and "The answer is B" in quiz.feedback[0].value
    before = quiz.feedback[0].value
    quiz.choices[0].value = 1
    quiz.buttons[0].click()
    assert spy.calls[-1] == (0, 1)
    assert quiz.feedback[0].value != before and "Correct." in quiz.feedback[0].value
    assert "1 of 1 answered correctly" in quiz.score_line.value


def test_quiz_check_without_a_choice_asks_for_one():
    spy = Spy(grade, 1)
    quiz = Quiz(QUESTIONS, grade_fn=spy)
    quiz.buttons[1].click()
    assert not spy.calls and "Choose an option" in quiz.feedback[1].value


def test_quiz_answer_sets_the_control_and_bad_index_gives_a_clear_message():
    quiz = Quiz(QUESTIONS)
    fb = quiz.answer(1, 0)
    assert fb.correct and quiz.choices[1].value == 0
    with pytest.raises(ValueError, match=r"option for question 1 must be .*\[0, 1\]; got 7"):
        quiz.answer(1, 7)
    assert "Not checked" in quiz.feedback[1].value and 'role="alert"' in quiz.feedback[1].value
    with pytest.raises(ValueError, match="question must be"):
        quiz.answer(9, 0)


def test_quiz_controls_are_labelled():
    quiz = Quiz(QUESTIONS)
    assert [c.description for c in quiz.choices] == ["Answer 1", "Answer 2"]
    assert all(b.description == "Check answer" and b.tooltip for b in quiz.buttons)
    assert quiz.choices[0].options[1] == ("B. 4", 1)


def test_quiz_static_html_has_answers_in_details():
    quiz = Quiz(QUESTIONS, title="T")
    bundle = quiz._repr_mimebundle_()
    html = bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert html.count("<summary>Show answer</summary>") == 2
    assert "Answer: B.</strong> 4" in html and "Off by one." in html and "Short light scatters more." in html
    # the answer is only inside the dropdown
    before_details = html.split("<details")[0]
    assert "Two pairs make four." not in before_details


def test_quiz_escapes_content():
    q = [
        {
            "prompt": "<script>x</script>",
            "options": [{"text": "a", "correct": True, "feedback": "<b>"}, {"text": "b", "feedback": "c"}],
        }
    ]
    html = Quiz(q).static_html()
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_lesson1_quiz_grades_every_wrong_option_as_wrong_with_its_own_feedback():
    content = load_json("quiz_lesson1")
    quiz = Quiz(content, title=content["title"])
    assert len(quiz.questions) >= 5
    for qi, q in enumerate(content["questions"]):
        right = [i for i, o in enumerate(q["options"]) if o["correct"]]
        assert len(right) == 1, f"question {qi}: exactly one right answer in the content file"
        for oi, option in enumerate(q["options"]):
            fb = quiz.answer(qi, oi)
            assert fb.correct is (oi == right[0])
            assert fb.text == option["feedback"] and fb.answer == right[0]
            shown = quiz.feedback[qi].value
            if oi != right[0]:
                assert f"Not quite. The answer is {'ABCDEFGHIJ'[right[0]]}." in shown
            else:
                assert "Correct." in shown
    # the score counts each question's last answer: right only where the right option is the last one
    last_right = sum(q["options"][-1]["correct"] for q in content["questions"])
    assert f"{last_right} of {len(quiz.questions)} answered correctly" in quiz.score_line.value


# -- Sorter widget --------------------------------------------------------------
def test_sorter_dropdown_change_checks_the_card_and_shows_why():
    spy = Spy(check_card, 2)
    s = Sorter(DECK["categories"], DECK["cards"], check_fn=spy)
    assert s.feedback[0].value == ""
    s.dropdowns[0].value = "Vegetable"
    assert spy.calls[-1] == (0, "Vegetable")
    assert "Not quite" in s.feedback[0].value and "Fruit" in s.feedback[0].value
    before = s.feedback[0].value
    s.dropdowns[0].value = "Fruit"
    assert spy.calls[-1] == (0, "Fruit") and s.feedback[0].value != before
    assert "flower" in s.feedback[0].value
    assert "1 of 1 sorted" in s.score_line.value


def test_sorter_sort_method_calls_the_check_once_and_moves_the_dropdown():
    spy = Spy(check_card, 2)
    s = Sorter.from_data(DECK, check_fn=spy)
    fb = s.sort(1, "Vegetable")
    assert fb.correct and s.dropdowns[1].value == "Vegetable" and len(spy.calls) == 1
    with pytest.raises(ValueError, match="category must be one of"):
        s.sort(1, "Rock")
    with pytest.raises(ValueError, match=r"card must be .*\[0, 1\]"):
        s.sort(4, "Fruit")


def test_sorter_reset_to_unsorted_clears_feedback():
    s = Sorter.from_data(DECK)
    s.dropdowns[0].value = "Fruit"
    s.dropdowns[0].value = s.dropdowns[0].options[0]
    assert s.feedback[0].value == "" and 0 not in s.results


def test_sorter_static_html_and_labels():
    s = Sorter.from_data({**DECK, "title": "Sort it"})
    html = s._repr_mimebundle_()["text/html"]
    assert html.count("<summary>Show answer</summary>") == 2
    assert "<strong>Fruit.</strong> Grows from a flower." in html
    assert [d.description for d in s.dropdowns] == ["Card 1 is a", "Card 2 is a"]


@pytest.mark.parametrize("name", ["sorter_lesson3", "sorter_lesson7"])
def test_a_misplaced_card_is_explained_with_its_right_category(name):
    for deck in load_json(name).values():
        s = Sorter.from_data(deck)
        assert {c["category"] for c in s.cards} == set(s.categories), "every category has cards"
        for i, c in enumerate(s.cards):
            wrong = next(cat for cat in s.categories if cat != c["category"])
            fb = s.sort(i, wrong)
            assert not fb.correct and fb.answer == c["category"] and fb.text == c["why"]
            shown = s.feedback[i].value
            assert "Not quite" in shown and c["category"].replace("'", "&#x27;") in shown
        assert re.search(r"^0 of \d+ sorted", re.sub(r"<[^>]+>", "", s.score_line.value))
