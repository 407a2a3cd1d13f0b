// The card sorter (lessons 3 and 7) in the page. Mirrors
// src/upstream/widgets/sorter.py (Sorter, check_card): cards, categories,
// texts and colours come from the Python widget's output.
import { enhance, h, fmt, scoreboard } from "../lib/ui.js";

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
  const board = scoreboard(live, config, (right, sorted) => fmt(T.score, { right, sorted, total: config.cards.length }));
  config.cards.forEach((c, i) => {
    const { id, el: card, feedback } = board.item("card", h("div", { class: "ux-card", "data-card": i }), "p", fmt(T.card, { n: i + 1 }), c.text);
    const select = h("select", { id });
    for (const opt of [T.unsorted, ...config.categories]) select.append(h("option", { value: opt, text: opt }));
    select.addEventListener("change", () => {
      if (select.value === T.unsorted) {
        board.clear(i, feedback);
        return;
      }
      const fb = check_card(config.categories, config.cards, i, select.value);
      board.mark(i, fb, fb.correct ? T.correct : fmt(T.wrong, { answer: fb.answer }), feedback);
    });
    card.append(h("div", { class: "ux-control" }, h("label", { for: id, text: fmt(T.card_label, { n: i + 1 }) }), select), feedback);
  });
  live.append(board.el);
});
