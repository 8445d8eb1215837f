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

  var posting = 0;  // this page's moves in flight
  var missed = null;  // news skipped while one was: checked when it is answered

  document.addEventListener("htmx:beforeRequest", function (event) {
    var active = document.activeElement;
    focused = active && active.id ? active.id : null;
    var config = event.detail && event.detail.requestConfig;
    moved = Boolean(config && config.verb === "post");
    if (moved) {
      posting += 1;
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var config = event.detail && event.detail.requestConfig;
    if (config && config.verb === "post" && posting > 0) {
      posting -= 1;
    }
    if (posting === 0 && missed !== null) {
      var news = missed;
      missed = null;
      window.setTimeout(function () {
        var status = document.getElementById("status");
        var trigger = document.querySelector('[hx-trigger="sse:moved"]');
        if (trigger && status && Number(status.dataset.events) < news) {
          htmx.trigger(trigger, "sse:moved");  // a move this answer did not show
        }
      }, 0);
    }
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

  // The stream says "moved, now N events" after every move, this page's own too. When
  // the page already shows N events, or a move of this page is in flight (its answer
  // brings every panel as it is then), there is nothing to redraw, and redrawing would
  // wipe what is being typed in the phrase box.
  document.addEventListener("htmx:confirm", function (event) {
    var trigger = event.detail && event.detail.triggeringEvent;
    if (!trigger || trigger.type !== "sse:moved") {
      return;
    }
    var status = document.getElementById("status");
    var now = trigger.detail && trigger.detail.data;
    if (posting > 0 && now !== undefined) {
      missed = Math.max(missed === null ? 0 : missed, Number(now));
      event.preventDefault();
    } else if (status && now !== undefined && String(now) === status.dataset.events) {
      event.preventDefault();
    }
  });

  document.addEventListener("htmx:oobAfterSwap", function () {
    if (!pending) {
      pending = true;
      window.setTimeout(restore, 0);
    }
  });
})();
