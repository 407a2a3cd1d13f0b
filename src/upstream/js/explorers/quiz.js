// Lesson 1's quiz in the page. Mirrors src/upstream/widgets/quiz.py (Quiz,
// grade): questions, texts and colours come from the Python widget's output.
import { enhance, h, fmt, scoreboard } from "../lib/ui.js";

// grade(questions, question, option) as in Python: {question, option, correct, text, answer}.
export function grade(questions, question, option) {
  if (!Number.isInteger(question) || question < 0 || question >= questions.length)
    throw new Error(`question must be a whole number in the range [0, ${questions.length - 1}]; got ${question}`);
  const q = questions[question];
  const n = q.options.length;
  if (!Number.isInteger(option) || option < 0 || option >= n)
    throw new Error(`option for question ${question} must be a whole number in the range [0, ${n - 1}]; got ${option}`);
  const answer = q.options.findIndex((o) => o.correct);
  return { question, option, correct: option === answer, text: q.options[option].feedback, answer };
}

enhance("quiz", (live, config) => {
  const T = config.text;
  const board = scoreboard(live, config, (right, answered) => fmt(T.score, { right, answered, total: config.questions.length }));
  config.questions.forEach((q, qi) => {
    const { id: name, el: fs, feedback } = board.item("q", h("fieldset", { class: "ux-question", "data-question": qi }), "legend",
                                                      fmt(T.question, { n: qi + 1 }), q.prompt);
    q.options.forEach((o, oi) => {
      const id = `${name}-${oi}`;
      fs.append(
        h("div", { class: "ux-option" },
          h("input", { type: "radio", id, name, value: oi }),
          h("label", { for: id, text: `${config.letters[oi]}. ${o.text}` })),
      );
    });
    const button = h("button", { type: "button", class: "ux-button", title: fmt(T.check_tooltip, { n: qi + 1 }), text: T.check });
    button.addEventListener("click", () => {
      const chosen = fs.querySelector("input:checked");
      if (!chosen) {
        feedback.textContent = T.choose_first;
        feedback.style.color = config.colors.info;
        board.speak(T.choose_first);
        return;
      }
      const fb = grade(config.questions, qi, Number(chosen.value));
      board.mark(qi, fb, fb.correct ? T.correct : fmt(T.wrong, { letter: config.letters[fb.answer] }), feedback);
    });
    fs.append(button, feedback);
  });
  live.append(board.el);
});
