// The "busy" page (503) tries again by itself: after 10 s, then 20, 40, 80, then every 2 minutes.
// The attempt count lives in sessionStorage per path (never the query: it holds the order token), and is
// forgotten after 10 quiet minutes so a later outage starts again at 10 s. The countdown pauses while the
// tab is in the background, so hidden tabs do not reload over and over; it resumes when the tab is shown.
(function () {
  "use strict";
  var notice = document.querySelector("[data-retry]");
  if (!notice) {
    return;
  }
  var FIRST_SECONDS = 10;
  var MAX_SECONDS = 120;
  var FORGET_AFTER_MS = 10 * 60 * 1000;
  var key = "portal:retry:" + window.location.pathname;

  function readAttempts() {
    try {
      var saved = JSON.parse(window.sessionStorage.getItem(key) || "null");
      if (saved && Date.now() - saved.at < FORGET_AFTER_MS) {
        return saved.attempts;
      }
    } catch (error) {
      // Storage disabled (privacy mode) or a damaged value: start from the first delay.
    }
    return 0;
  }

  function saveAttempts(attempts) {
    try {
      window.sessionStorage.setItem(key, JSON.stringify({ attempts: attempts, at: Date.now() }));
    } catch (error) {
      // Without storage every reload waits the first delay again; still a retry.
    }
  }

  var attempts = readAttempts();
  var remaining = Math.min(FIRST_SECONDS * Math.pow(2, attempts), MAX_SECONDS);
  var template = notice.getAttribute("data-retry-text") || "";

  function show() {
    notice.textContent = template.replace("{seconds}", String(remaining));
  }

  function retry() {
    saveAttempts(attempts + 1);
    notice.textContent = notice.getAttribute("data-retry-now-text") || "";
    window.location.reload();
  }

  show();
  var timer = window.setInterval(function () {
    if (document.hidden) {
      return;
    }
    remaining -= 1;
    if (remaining <= 0) {
      window.clearInterval(timer);
      retry();
    } else {
      show();
    }
  }, 1000);

  var button = document.querySelector("[data-retry-now]");
  if (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      window.clearInterval(timer);
      retry();
    });
  }
})();
