/* The one-page assessment keeps the reviewer's draft as they go: on each change (and while typing, at
   most once every few seconds) the form is posted with then=autosave; the page says when it was saved.
   Nothing is recorded by this: only the "Submit assessment" button records results. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-assess-form]");
  if (!form || !window.fetch) { return; }
  var status = form.querySelector("[data-draft-status]");
  var timer = null;
  var WAIT_MS = 1500;

  function save() {
    timer = null;
    var data = new FormData(form);
    data.set("then", "autosave");
    fetch(form.action, {method: "POST", body: data, credentials: "same-origin",
                        headers: {"X-Requested-With": "fetch"}})
      .then(function (response) { return response.json().then(function (body) { return [response.ok, body]; }); })
      .then(function (result) {
        if (!status) { return; }
        if (result[0] && result[1].saved) {
          var at = new Date(result[1].at);
          status.textContent = status.getAttribute("data-saved-text") + " " + at.toLocaleTimeString();
          status.setAttribute("data-saved", result[1].at);
        } else {
          status.textContent = status.getAttribute("data-failed-text");
        }
      })
      .catch(function () { if (status) { status.textContent = status.getAttribute("data-failed-text"); } });
  }

  function later() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(save, WAIT_MS);
  }

  form.addEventListener("change", later);
  form.addEventListener("input", later);
})();
