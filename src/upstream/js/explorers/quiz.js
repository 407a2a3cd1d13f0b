// Lesson 1's quiz in the page. Mirrors src/upstream/widgets/quiz.py (Quiz,
// grade): questions, texts and colours come from the Python widget's output.
import { enhance, h, nextId, fmt, announcer } from "../lib/ui.js";

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
  const results = new Map();
  const speak = announcer(live, 100);
  if (config.title) live.append(h("p", {}, h("strong", { text: config.title })));
  const score = h("p", { class: "ux-score", "data-role": "score" });
  config.questions.forEach((q, qi) => {
    const name = nextId("q");
    const fs = h("fieldset", { class: "ux-question", "data-question": qi });
    fs.append(h("legend", {}, h("strong", { text: fmt(T.question, { n: qi + 1 }) }), " " + q.prompt));
    q.options.forEach((o, oi) => {
      const id = `${name}-${oi}`;
      fs.append(
        h("div", { class: "ux-option" },
          h("input", { type: "radio", id, name, value: oi }),
          h("label", { for: id, text: `${config.letters[oi]}. ${o.text}` })),
      );
    });
    const feedback = h("p", { class: "ux-feedback", "data-role": "feedback" });
    const button = h("button", { type: "button", class: "ux-button", title: fmt(T.check_tooltip, { n: qi + 1 }), text: T.check });
    button.addEventListener("click", () => {
      const chosen = fs.querySelector("input:checked");
      if (!chosen) {
        feedback.textContent = T.choose_first;
        feedback.style.color = config.colors.info;
        speak(T.choose_first);
        return;
      }
      const fb = grade(config.questions, qi, Number(chosen.value));
      results.set(qi, fb);
      const verdict = fb.correct ? T.correct : fmt(T.wrong, { letter: config.letters[fb.answer] });
      feedback.textContent = `${verdict} ${fb.text}`;
      feedback.style.color = fb.correct ? config.colors.ok : config.colors.wrong;
      const right = [...results.values()].filter((r) => r.correct).length;
      score.textContent = fmt(T.score, { right, answered: results.size, total: config.questions.length });
      speak(`${feedback.textContent} ${score.textContent}`);
    });
    fs.append(button, feedback);
    live.append(fs);
  });
  live.append(score);
});
