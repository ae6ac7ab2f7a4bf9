// The running total of the new-order form. Without JavaScript the total
// is shown after submitting; with it, as lines change. Prices are fen.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-line]")?.closest("form");
  const output = document.getElementById("total");
  if (!form || !output) return;
  const yuan = (fen) => "¥" + (fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const update = () => {
    let fen = 0;
    for (const line of form.querySelectorAll("[data-line]")) {
      const option = line.querySelector("[data-item]")?.selectedOptions[0];
      const quantity = parseInt(line.querySelector("[data-quantity]")?.value ?? "0", 10);
      const price = parseInt(option?.dataset.price ?? "0", 10);
      if (quantity >= 1 && quantity <= 999) fen += price * quantity;
    }
    output.textContent = yuan(fen);
  };
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  // One submit per form: a double click must not send it twice (the form
  // token would make the second harmless anyway).
  form.addEventListener("submit", () => form.querySelector("button[type=submit]")?.setAttribute("disabled", ""));
  update();
});
