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

// Photos and documents of a delivery report, and a customer's photos of
// what is wrong (R5.2, R5.3): each chosen file is sent on its own as the
// raw body of a POST, with the page's CSRF token in a header; the stored
// file's id goes into a hidden input of the form. Without script the form
// is sent without files and a note says so.
document.addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll("[data-uploads]")) {
    const input = box.querySelector("input[type=file]");
    const list = box.querySelector(".upload-list");
    const error = box.querySelector("[data-upload-error]");
    const form = box.closest("form");
    if (!input || !list || !form) continue;
    for (const note of box.querySelectorAll("[data-no-script]")) note.hidden = true;
    input.hidden = false;
    let pending = 0;
    const busy = (delta) => {
      pending += delta;
      for (const button of form.querySelectorAll("button[type=submit]")) button.disabled = pending > 0;
    };
    const removable = (item) => {
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "secondary";
      remove.textContent = box.dataset.remove;
      remove.addEventListener("click", () => item.remove());
      item.append(remove);
    };
    for (const item of list.querySelectorAll("li")) removable(item);
    const fail = (message) => {
      if (!error) return;
      error.textContent = message || box.dataset.failed;
      error.hidden = false;
    };
    const send = async (file) => {
      const kind = file.type === "application/pdf" ? "document" : input.dataset.kind || "photo";
      const url = box.dataset.url + "?kind=" + kind + "&fileName=" + encodeURIComponent(file.name);
      busy(1);
      try {
        const answer = await fetch(url, {
          method: "POST", body: file, credentials: "same-origin",
          headers: { "X-CSRF-Token": box.dataset.csrf, "Content-Type": file.type || "application/octet-stream" },
        });
        const json = (answer.headers.get("Content-Type") || "").includes("json") ? await answer.json() : null;
        if (!answer.ok || !json || !json.id) {
          const messages = (json && json.errors ? json.errors.map((problem) => problem.message) : []);
          fail(file.name + ": " + (messages.join(" ") || (json && json.title) || box.dataset.failed));
          return;
        }
        const item = document.createElement("li");
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = box.dataset.field;
        hidden.value = json.id;
        item.append(hidden, json.fileName);
        removable(item);
        list.append(item);
      } catch (problem) {
        fail(file.name + ": " + box.dataset.failed);
      } finally {
        busy(-1);
      }
    };
    input.addEventListener("change", () => {
      if (error) error.hidden = true;
      const files = Array.from(input.files || []);
      input.value = "";
      for (const file of files) send(file);
    });
  }
});

// The customer's signature on the technician's phone (R5.3): drawn with
// pointer events (finger, pen or mouse), kept as strokes so that a refused
// submit draws it again, and sent as a PNG data URL in a hidden input.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-signature-form]")) {
    const canvas = form.querySelector("canvas[data-signature-pad]");
    const value = form.querySelector("[data-signature-value]");
    const kept = form.querySelector("[data-signature-strokes]");
    if (!canvas || !value || !kept || !canvas.getContext) continue;
    for (const note of form.querySelectorAll("[data-no-script]")) note.hidden = true;
    let strokes = [];
    try {
      strokes = kept.value ? JSON.parse(kept.value) : [];
    } catch (problem) {
      strokes = [];
    }
    if (!Array.isArray(strokes)) strokes = [];
    const ink = (target, width, height, scale) => {
      const context = target.getContext("2d");
      context.clearRect(0, 0, target.width, target.height);
      context.lineWidth = 2.5 * scale;
      context.lineCap = "round";
      context.lineJoin = "round";
      context.strokeStyle = "#111";
      for (const stroke of strokes) {
        if (!Array.isArray(stroke) || stroke.length === 0) continue;
        context.beginPath();
        context.moveTo(stroke[0][0] * width, stroke[0][1] * height);
        for (const [x, y] of stroke.slice(1)) context.lineTo(x * width, y * height);
        if (stroke.length === 1) context.lineTo(stroke[0][0] * width + 0.5, stroke[0][1] * height);
        context.stroke();
      }
    };
    const ratio = () => Math.min(window.devicePixelRatio || 1, 2);
    const fit = () => {
      canvas.width = Math.round(canvas.clientWidth * ratio());
      canvas.height = Math.round(canvas.clientHeight * ratio());
      ink(canvas, canvas.width, canvas.height, ratio());
    };
    fit();
    window.addEventListener("resize", fit);
    const point = (event) => {
      const box = canvas.getBoundingClientRect();
      const x = Math.min(Math.max((event.clientX - box.left) / box.width, 0), 1);
      const y = Math.min(Math.max((event.clientY - box.top) / box.height, 0), 1);
      return [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000];
    };
    let drawing = null;
    canvas.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = [point(event)];
      strokes.push(drawing);
      ink(canvas, canvas.width, canvas.height, ratio());
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!drawing) return;
      event.preventDefault();
      drawing.push(point(event));
      ink(canvas, canvas.width, canvas.height, ratio());
    });
    const stop = () => { drawing = null; };
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);
    form.querySelector("[data-signature-clear]")?.addEventListener("click", () => {
      strokes = [];
      value.value = "";
      kept.value = "";
      ink(canvas, canvas.width, canvas.height, ratio());
    });
    form.addEventListener("submit", () => {
      if (strokes.length === 0) {
        value.value = "";
        kept.value = "";
        return;
      }
      // A fixed 600 px wide image: small to send and to keep, whatever the screen.
      const out = document.createElement("canvas");
      out.width = 600;
      out.height = Math.max(1, Math.round((600 * canvas.clientHeight) / Math.max(canvas.clientWidth, 1)));
      ink(out, out.width, out.height, 600 / Math.max(canvas.clientWidth, 1));
      value.value = out.toDataURL("image/png");
      kept.value = JSON.stringify(strokes);
    });
  }
});

// The printable delivery report's button (no inline script under the CSP).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) button.addEventListener("click", () => window.print());
});
