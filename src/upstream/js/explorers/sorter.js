// The card sorter (lessons 3 and 7) in the page. Mirrors
// src/upstream/widgets/sorter.py (Sorter, check_card): cards, categories,
// texts and colours come from the Python widget's output.
import { enhance, h, nextId, fmt, announcer } from "../lib/ui.js";

// check_card(categories, cards, card, category) as in Python.
export function check_card(categories, cards, card, category) {
  if (!Number.isInteger(card) || card < 0 || card >= cards.length)
    throw new Error(`card must be a whole number in the range [0, ${cards.length - 1}]; got ${card}`);
  if (!categories.includes(category)) throw new Error(`category must be one of ${categories.join(", ")}; got ${category}`);
  const c = cards[card];
  return { card, chosen: category, correct: category === c.category, answer: c.category, text: c.why };
}

enhance("sorter", (live, config) => {
  const T = config.text;
  const results = new Map();
  const speak = announcer(live, 100);
  if (config.title) live.append(h("p", {}, h("strong", { text: config.title })));
  const score = h("p", { class: "ux-score", "data-role": "score" });
  const updateScore = () => {
    const right = [...results.values()].filter((r) => r.correct).length;
    score.textContent = fmt(T.score, { right, sorted: results.size, total: config.cards.length });
  };
  config.cards.forEach((c, i) => {
    const id = nextId("card");
    const card = h("div", { class: "ux-card", "data-card": i });
    card.append(h("p", {}, h("strong", { text: fmt(T.card, { n: i + 1 }) }), " " + c.text));
    const select = h("select", { id });
    for (const opt of [T.unsorted, ...config.categories]) select.append(h("option", { value: opt, text: opt }));
    const feedback = h("p", { class: "ux-feedback", "data-role": "feedback" });
    select.addEventListener("change", () => {
      if (select.value === T.unsorted) {
        results.delete(i);
        feedback.textContent = "";
        updateScore();
        return;
      }
      const fb = check_card(config.categories, config.cards, i, select.value);
      results.set(i, fb);
      const verdict = fb.correct ? T.correct : fmt(T.wrong, { answer: fb.answer });
      feedback.textContent = `${verdict} ${fb.text}`;
      feedback.style.color = fb.correct ? config.colors.ok : config.colors.wrong;
      updateScore();
      speak(`${feedback.textContent} ${score.textContent}`);
    });
    card.append(h("div", { class: "ux-control" }, h("label", { for: id, text: fmt(T.card_label, { n: i + 1 }) }), select), feedback);
    live.append(card);
  });
  live.append(score);
});
