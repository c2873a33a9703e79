/* fourpermille: behaviour shared by every page (no external requests).
   A form, or the button that submits it, carrying data-confirm="question" asks before it is sent:
   withdrawing, rejecting and deleting are confirmed. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();
