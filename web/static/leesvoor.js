// "Lees voor": reads the question and its answers aloud with the browser's own speech
// synthesis. Progressive enhancement: without JavaScript or speech the button stays hidden.
(function () {
  "use strict";
  var button = document.querySelector("[data-leesvoor]");
  if (!button || !("speechSynthesis" in window) || !("SpeechSynthesisUtterance" in window)) {
    return;
  }
  var speaking = false;
  function idle() {
    speaking = false;
    button.textContent = button.getAttribute("data-lees");
    button.setAttribute("aria-pressed", "false");
  }
  button.hidden = false;
  button.setAttribute("aria-pressed", "false");
  button.addEventListener("click", function () {
    if (speaking) {
      window.speechSynthesis.cancel();
      idle();
      return;
    }
    var parts = [];
    document.querySelectorAll("[data-voorlees], [data-keuze]").forEach(function (element) {
      var text = (element.innerText || element.textContent || "").trim();
      if (text) {
        parts.push(text);
      }
    });
    var utterance = new window.SpeechSynthesisUtterance(parts.join(". \n"));
    utterance.lang = document.documentElement.lang === "en" ? "en-GB" : "nl-NL";
    utterance.rate = 0.9;
    utterance.onend = idle;
    utterance.onerror = idle;
    window.speechSynthesis.cancel();
    speaking = true;
    button.textContent = button.getAttribute("data-stop");
    button.setAttribute("aria-pressed", "true");
    window.speechSynthesis.speak(utterance);
  });
})();
