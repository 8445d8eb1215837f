// The negotiation page: keep the keyboard where it is when a move redraws the panels.
// A move answers with every panel as an out-of-band swap, which replaces the element
// that had the focus. After a move of this page, a question asked takes the focus (its
// first answer); otherwise the focus goes back to the element with the same id (every
// control has one), else to "Follow the advice" or the phrase box.
(function () {
  "use strict";
  var focused = null;
  var moved = false;
  var pending = false;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    focused = active && active.id ? active.id : null;
    var config = event.detail && event.detail.requestConfig;
    moved = Boolean(config && config.verb === "post");
  });

  function restore() {
    pending = false;
    var question = document.querySelector("#reply .answers button");
    if (moved && question) {
      moved = false;
      question.focus();
      return;
    }
    moved = false;
    var active = document.activeElement;
    if (active && active !== document.body && document.contains(active)) {
      return;
    }
    var target = (focused && document.getElementById(focused)) ||
      document.getElementById("follow-advice") || document.getElementById("line");
    if (target) {
      target.focus();
    }
  }

  document.addEventListener("htmx:oobAfterSwap", function () {
    if (!pending) {
      pending = true;
      window.setTimeout(restore, 0);
    }
  });
})();
