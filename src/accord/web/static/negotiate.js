// The negotiation page and a room's page: keep the keyboard where it is when a move
// redraws the panels.
// A move answers with every panel as an out-of-band swap, which replaces the element
// that had the focus. After a move of this page, a question asked takes the focus (its
// first answer); otherwise the focus goes back to the element with the same id (every
// control has one), else to "Follow the advice" or the phrase box.
(function () {
  "use strict";
  var focused = null;
  var moved = false;
  var pending = false;

  var typed = null;  // {id, value, at} of a text box being typed in when a redraw began
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
    // A redraw for the other side's move keeps what is being typed (a room's phrase box).
    typed = !moved && active && active.id && active.tagName === "INPUT" && active.type === "text"
      ? { id: active.id, value: active.value, at: active.selectionStart } : null;
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
    var box = typed && document.getElementById(typed.id);
    if (box && !box.value) {
      box.value = typed.value;
      box.focus();
      box.setSelectionRange(typed.at, typed.at);
    }
    typed = null;
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

  // A stream's news: "N" (a negotiation) or {"events": N, ...} (a room), as N.
  function count(data) {
    if (data === undefined || data === null) {
      return undefined;
    }
    var text = String(data);
    if (text.charAt(0) === "{") {
      try {
        return JSON.parse(text).events;
      } catch (e) {
        return undefined;
      }
    }
    return text;
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
    var now = count(trigger.detail && trigger.detail.data);
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
