/* Print view: a button that opens the browser's print dialog. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
