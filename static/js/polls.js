/* The sidebar poll: vote in the background and show the results in place.
   Without JavaScript the form posts normally and the server answers with the results
   page. The page itself carries no per-visitor state (it may be cached): whether this
   browser already voted is asked from the uncached state endpoint. */
(function () {
  "use strict";
  if (!window.fetch || !window.URLSearchParams || !window.FormData) { return; }

  function key(id) { return "poll-voted-" + id; }
  function remember(id) { try { localStorage.setItem(key(id), "1"); } catch (e) { /* private mode */ } }
  function remembered(id) { try { return localStorage.getItem(key(id)) === "1"; } catch (e) { return false; } }

  function message(form, text, isError) {
    var box = form.querySelector(".poll-message");
    if (!box) { return; }
    box.textContent = text || "";
    box.className = "poll-message" + (isError ? " poll-message-error" : "");
    box.setAttribute("role", isError ? "alert" : "status");
  }

  function showResults(block, html, note, isError) {
    var form = block.querySelector(".poll-form");
    var holder = document.createElement("div");
    holder.className = "poll-in-place";
    holder.setAttribute("tabindex", "-1");
    if (note) {
      var p = document.createElement("p");
      p.className = "poll-message" + (isError ? " poll-message-error" : " poll-message-ok");
      p.setAttribute("role", "status");
      p.textContent = note;
      holder.appendChild(p);
    }
    var results = document.createElement("div");
    results.innerHTML = html; // rendered and escaped by the server's templates
    holder.appendChild(results);
    if (form) { form.parentNode.replaceChild(holder, form); } else { block.appendChild(holder); }
    block.setAttribute("data-voted", "1");
    if (note) { holder.focus(); }
  }

  function limitChoices(form) {
    var max = parseInt(form.getAttribute("data-max"), 10) || 1;
    if (max <= 1) { return; }
    form.addEventListener("change", function () {
      var boxes = form.querySelectorAll('input[type="checkbox"][name="option"]');
      var checked = form.querySelectorAll('input[type="checkbox"][name="option"]:checked').length;
      for (var i = 0; i < boxes.length; i++) {
        boxes[i].disabled = !boxes[i].checked && checked >= max;
      }
    });
  }

  function enhance(block) {
    var id = block.getAttribute("data-poll-id");
    var form = block.querySelector(".poll-form");
    if (!form) { return; }
    limitChoices(form);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!form.querySelector('input[name="option"]:checked')) {
        message(form, form.getAttribute("data-empty"), true);
        return;
      }
      var button = form.querySelector('button[type="submit"]');
      if (button) { button.disabled = true; }
      message(form, "", false);
      fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json();
      }).then(function (data) {
        if (data.ok || data.code === "already_voted") { remember(id); }
        if (data.html) {
          showResults(block, data.html, data.message, !data.ok);
        } else {
          message(form, data.message || form.getAttribute("data-failed"), true);
          if (button) { button.disabled = false; }
        }
      }).catch(function () {
        message(form, form.getAttribute("data-failed"), true);
        if (button) { button.disabled = false; }
      });
    });
    if (remembered(id)) {
      fetch(block.getAttribute("data-state-url"), {
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) { return response.json(); })
        .then(function (data) { if (data.voted && data.html) { showResults(block, data.html, "", false); } })
        .catch(function () { /* keep the form */ });
    }
  }

  function init() {
    var blocks = document.querySelectorAll("[data-poll-block]");
    for (var i = 0; i < blocks.length; i++) { enhance(blocks[i]); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
