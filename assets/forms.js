// What the forms do with JavaScript, which they do not need: the error summary of a refused
// form takes the focus, so that it is read out first; and the time zone choice (id
// "timezone") selects the browser's own zone unless one is chosen already.
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
  var select = document.getElementById("timezone");
  if (!select || select.value) {
    return;
  }
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  for (var i = 0; i < select.options.length; i += 1) {
    if (select.options[i].value === zone) {
      select.value = zone;
      return;
    }
  }
})();
