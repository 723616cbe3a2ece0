/* Site-wide behaviour that templates declare with data-* attributes instead of inline handlers (the site's
   Content-Security-Policy allows no inline script, issue 9 finding 11). Listeners sit on the document, so content
   that htmx swaps in later behaves the same.
   - <select data-autosubmit>: a change submits its form.
   - <input data-select-all>: a click selects the whole value (to copy an address).
   - <form data-confirm="question">: submitting asks first; "Cancel" keeps the page as it is.
   - <button data-menu-toggle aria-controls="id">: opens and closes the collapsed menu on a narrow screen. */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("select[data-autosubmit]");
    if (select && select.form) {
      if (select.form.requestSubmit) { select.form.requestSubmit(); } else { select.form.submit(); }
    }
  });

  document.addEventListener("click", function (event) {
    var input = event.target.closest && event.target.closest("input[data-select-all]");
    if (input) { input.select(); }
    var toggle = event.target.closest && event.target.closest("[data-menu-toggle]");
    if (toggle) {
      var menu = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      if (menu) { menu.classList.toggle("is-open", open); }
    }
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();
