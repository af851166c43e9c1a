/* A- / A / A+ text size, remembered in localStorage across pages. Loaded in <head>
   so the chosen size applies before the first paint. */
(function () {
  "use strict";
  var KEY = "portal-text-size";
  var SIZES = { small: "fs-small", normal: "", large: "fs-large" };
  var root = document.documentElement;

  function stored() {
    try { return localStorage.getItem(KEY) || "normal"; } catch (e) { return "normal"; }
  }
  function apply(size) {
    if (!(size in SIZES)) { size = "normal"; }
    root.classList.remove("fs-small", "fs-large");
    if (SIZES[size]) { root.classList.add(SIZES[size]); }
    var buttons = document.querySelectorAll(".textsize button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", buttons[i].getAttribute("data-size") === size ? "true" : "false");
    }
  }
  apply(stored());
  document.addEventListener("DOMContentLoaded", function () {
    var group = document.querySelector(".textsize");
    if (!group) { return; }
    group.hidden = false;
    apply(stored());
    group.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-size]");
      if (!button) { return; }
      var size = button.getAttribute("data-size");
      try { localStorage.setItem(KEY, size); } catch (e) { /* private mode: size lasts this page */ }
      apply(size);
    });
  });
})();
