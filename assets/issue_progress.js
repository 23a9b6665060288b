// The delivery of a newsletter issue on its console page, followed while it goes out: every
// two seconds the progress endpoint named by the element with id "issue-delivery" is asked,
// and the bar, the status and the counts (a live region) are updated, until the issue is
// delivered, paused or cancelled. Without JavaScript the page has a link that reloads it.
(function () {
  "use strict";
  var delivery = document.getElementById("issue-delivery");
  if (!delivery || delivery.getAttribute("data-running") !== "true" || !window.fetch) {
    return;
  }
  var url = delivery.getAttribute("data-progress");
  var bar = document.getElementById("issue-progress-bar");
  var status = document.getElementById("issue-progress-status");
  var counts = document.getElementById("issue-progress-counts");
  var refresh = document.getElementById("issue-refresh");
  if (refresh) {
    refresh.hidden = true;
  }
  function show(progress) {
    bar.value = progress.percent;
    bar.textContent = progress.percent + " %";
    if (status.textContent !== progress.status_text) {
      status.textContent = progress.status_text;
    }
    if (counts.textContent !== progress.text) {
      counts.textContent = progress.text;
    }
    delivery.setAttribute("data-running", progress.running ? "true" : "false");
    delivery.setAttribute("data-percent", String(progress.percent));
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (answer) {
        if (!answer.ok) {
          throw new Error("progress: " + answer.status);
        }
        return answer.json();
      })
      .then(function (progress) {
        show(progress);
        if (progress.running) {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        // Left as it is; the link reloads the page.
        if (refresh) {
          refresh.hidden = false;
        }
      });
  }
  window.setTimeout(poll, 2000);
})();
