// Keyboard shortcuts for the quote review: G approve, A reject, O skip, B edit, Esc leaves the
// text box. Everything also works without JavaScript (buttons with accesskeys, plain forms).
"use strict";
document.addEventListener("keydown", function (event) {
  var form = document.getElementById("beoordeel");
  if (!form || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  var text = document.getElementById("tekst");
  if (event.target === text) {
    if (event.key === "Escape") {
      text.blur();
      form.querySelector("button[value=goedkeuren]").focus();
    }
    return;
  }
  if (event.target && /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName)) {
    return;
  }
  var choice = { g: "goedkeuren", a: "afwijzen", o: "overslaan" }[event.key.toLowerCase()];
  if (choice) {
    event.preventDefault();
    form.querySelector("button[value=" + choice + "]").click();
  } else if (event.key.toLowerCase() === "b") {
    event.preventDefault();
    text.focus();
    text.setSelectionRange(text.value.length, text.value.length);
  }
});
