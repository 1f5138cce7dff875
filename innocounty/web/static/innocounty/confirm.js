/* Ask before an irreversible action: a form with data-confirm="…" submits only when the
   person confirms. The server refuses a repeated action anyway; this prevents the first. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form && form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
})();
