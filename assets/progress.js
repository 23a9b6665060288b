// A long action on its console page (a newsletter issue going out, subscribers being
// invited), followed while it runs: every two seconds the progress endpoint named by the
// element with id "progress" is asked, and the bar, the status and the counts (a live region)
// are updated, until it stops running. Without JavaScript the page has a link that reloads it.
(function () {
  "use strict";
  var delivery = document.getElementById("progress");
  if (!delivery || delivery.getAttribute("data-running") !== "true" || !window.fetch) {
    return;
  }
  var url = delivery.getAttribute("data-progress");
  var bar = document.getElementById("progress-bar");
  var status = document.getElementById("progress-status");
  var counts = document.getElementById("progress-counts");
  var refresh = document.getElementById("progress-refresh");
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
