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

// The dispatch board: jobs placed on the day's line, and changes made by
// other dispatchers (on any server) shown without a reload. The server's
// day stamp is polled; when it moves, the board is fetched again and
// swapped in, unless the person is in the middle of a form.
document.addEventListener("DOMContentLoaded", () => {
  const board = document.getElementById("board");
  if (!board) return;
  const place = () => {
    for (const element of board.querySelectorAll("[data-left]")) {
      element.style.left = element.dataset.left;
      if (element.dataset.width) element.style.width = element.dataset.width;
    }
    board.classList.add("timeline");
  };
  place();
  const busy = () =>
    board.querySelector("details[open]") !== null ||
    (board.contains(document.activeElement) && document.activeElement.matches("input, select, textarea"));
  let checking = false;
  setInterval(async () => {
    if (checking) return;
    checking = true;
    try {
      const answer = await fetch(board.dataset.stampUrl, { credentials: "same-origin", cache: "no-store" });
      if (!answer.ok) return;
      const stamp = (await answer.text()).trim();
      if (stamp === board.dataset.stamp) return;
      if (busy()) {
        document.getElementById("board-changed").hidden = false;
        return;
      }
      const page = await fetch(board.dataset.boardUrl, { credentials: "same-origin", cache: "no-store" });
      if (!page.ok) return;
      const fresh = new DOMParser().parseFromString(await page.text(), "text/html").getElementById("board");
      if (!fresh) return;
      board.innerHTML = fresh.innerHTML;
      board.dataset.stamp = fresh.dataset.stamp;
      document.getElementById("board-changed").hidden = true;
      place();
    } catch (error) {
      // Offline for a moment: try again at the next tick.
    } finally {
      checking = false;
    }
  }, 3000);
});

// Check-in and check-out send the device's location when it offers one;
// without it (no permission, no answer within a few seconds) the form is
// sent as it is.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-locate]")) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.located || !navigator.geolocation) return;
      event.preventDefault();
      const send = () => {
        if (form.dataset.located) return;
        form.dataset.located = "1";
        form.submit();
      };
      // A permission prompt left unanswered never calls back: send anyway.
      setTimeout(send, 6000);
      navigator.geolocation.getCurrentPosition((position) => {
        form.elements.latitude.value = position.coords.latitude;
        form.elements.longitude.value = position.coords.longitude;
        form.elements.accuracy.value = position.coords.accuracy;
        send();
      }, send, { timeout: 5000, maximumAge: 60000 });
    });
  }
});

// Alerts (R4.5) arrive without a reload: the server streams the person's
// open alerts whenever they change. The badge in the navigation shows how
// many are open; an alert that was not there before pops up for a while;
// the alerts page, when it lists open alerts, is redrawn from the stream.
document.addEventListener("DOMContentLoaded", () => {
  const badge = document.getElementById("alert-count");
  if (!badge || !window.EventSource) return;
  const toasts = document.getElementById("alert-toasts");
  const list = document.getElementById("alert-list");
  let known = null;
  const cell = (text) => {
    const td = document.createElement("td");
    td.textContent = text;
    return td;
  };
  const redraw = (alerts) => {
    if (!list || list.dataset.live !== "open") return;
    // Someone choosing a cause is not interrupted; the next message redraws.
    if (list.contains(document.activeElement) && document.activeElement.matches("select")) return;
    const body = list.tBodies[0];
    body.replaceChildren(
      ...alerts.map((alert) => {
        const row = document.createElement("tr");
        row.dataset.alert = alert.id;
        row.className = "alert-" + alert.kind;
        const kind = document.createElement("td");
        const chip = document.createElement("span");
        chip.className = "stage stage-" + alert.kind;
        chip.textContent = alert.kindLabel;
        kind.append(chip);
        const order = document.createElement("td");
        const link = document.createElement("a");
        link.href = alert.href;
        link.textContent = alert.order;
        order.append(link);
        const action = document.createElement("td");
        const form = document.createElement("form");
        form.method = "post";
        form.action = "/console/alerts/" + alert.id + "/acknowledge";
        form.className = "inline";
        const token = document.createElement("input");
        token.type = "hidden";
        token.name = "csrf";
        token.value = list.dataset.csrf;
        const button = document.createElement("button");
        button.type = "submit";
        button.textContent = list.dataset.acknowledgeLabel;
        form.append(token);
        // A late stage: the person taking it on may say why (the delay analysis).
        const causes = document.getElementById("cause-template");
        if (alert.late && causes) {
          const select = causes.cloneNode(true);
          select.removeAttribute("id");
          select.hidden = false;
          form.append(select);
        }
        form.append(button);
        action.append(form);
        row.append(kind, order, cell(alert.stage), cell(alert.deadline), cell(alert.raised), action);
        return row;
      })
    );
    const none = document.getElementById("no-alerts");
    if (none) none.hidden = alerts.length > 0;
  };
  const toast = (alert) => {
    if (!toasts) return;
    const note = document.createElement("div");
    note.className = "toast";
    const link = document.createElement("a");
    link.href = alert.href;
    link.textContent = alert.order;
    note.append(alert.kindLabel + " · " + alert.stage + " · ", link);
    toasts.append(note);
    setTimeout(() => note.remove(), 15000);
  };
  const stream = new EventSource(badge.dataset.stream);
  stream.addEventListener("alerts", (event) => {
    const update = JSON.parse(event.data);
    badge.textContent = String(update.count);
    badge.hidden = update.count === 0;
    if (known) for (const alert of update.alerts) if (!known.has(alert.id)) toast(alert);
    known = new Set(update.alerts.map((alert) => alert.id));
    redraw(update.alerts);
  });
});
