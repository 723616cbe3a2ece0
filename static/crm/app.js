/* Site-wide behaviour that templates declare with data-* attributes instead of inline handlers (the site's
   Content-Security-Policy allows no inline script, issue 9 finding 11). Listeners sit on the document, so content
   that htmx swaps in later behaves the same.
   - <select data-autosubmit>: a change submits its form.
   - <input data-select-all>: a click selects the whole value (to copy an address).
   - <form data-confirm="question">: submitting asks first; "Cancel" keeps the page as it is.
   - <button data-menu-toggle aria-controls="id">: opens and closes the collapsed menu on a narrow screen.
   - <div data-picker> (core.pickers): Enter in the search box searches and picks the first match instead of
     submitting the form; a click on an option of a multiple picker toggles it alone (no Ctrl key); a pick clears
     the search box, so what is left typed there is text nothing was picked for (the server then says so). */
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

  function pickerSearch(select) {
    return select && select.id ? document.getElementById(select.id + "-search") : null;
  }

  document.addEventListener("change", function (event) {
    var select = event.target.closest && event.target.closest("[data-picker] select");
    var search = pickerSearch(select);
    if (search) { search.value = ""; }
  });

  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest("[data-picker] select[multiple] option");
    if (!option || option.disabled || !option.value) { return; }
    event.preventDefault();
    option.selected = !option.selected;
    option.parentNode.focus();
    option.parentNode.dispatchEvent(new Event("change", { bubbles: true }));
  });

  document.addEventListener("keydown", function (event) {
    var search = event.target.closest && event.target.closest("[data-picker] .picker-search");
    if (!search || event.key !== "Enter") { return; }
    event.preventDefault();
    if (!search.value.trim()) { return; }
    search.setAttribute("data-pick-first", "1");
    if (window.htmx) { window.htmx.trigger(search, "search"); }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var select = event.target;
    var search = pickerSearch(select);
    if (!search || !search.hasAttribute("data-pick-first")) { return; }
    search.removeAttribute("data-pick-first");
    var match = null;
    for (var i = 0; i < select.options.length; i += 1) {
      var option = select.options[i];
      if (option.value && !option.disabled && (select.multiple ? !option.selected : true)) { match = option; break; }
    }
    if (!match) { return; }
    match.selected = true;
    select.dispatchEvent(new Event("change", { bubbles: true }));
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); }
  });
})();
