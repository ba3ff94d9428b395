// The swap and add-on forms show each item's options only while that item is chosen: a field marked
// data-show-for="<value>" data-show-by="<radio name>" shows (and is sent) only when that radio has that value.
// Without this script every option shows, and the server reads only the chosen item's.
(function () {
  "use strict";
  var dependents = document.querySelectorAll("[data-show-by]");
  if (!dependents.length) {
    return;
  }
  var form = dependents[0].form;
  var name = dependents[0].getAttribute("data-show-by");
  var radios = form ? form.querySelectorAll('input[type="radio"][name="' + name + '"]') : [];

  function chosen() {
    for (var i = 0; i < radios.length; i += 1) {
      if (radios[i].checked) {
        return radios[i].value;
      }
    }
    return "";
  }

  function update() {
    var value = chosen();
    dependents.forEach(function (input) {
      var shown = input.getAttribute("data-show-for") === value;
      var wrapper = input.closest(".field") || input;
      wrapper.hidden = !shown;
      input.disabled = !shown;
    });
  }

  radios.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
