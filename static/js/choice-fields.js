// A field marked data-show-for="<value>" shows (and is sent) only while the radios named by data-show-by (the
// pause form's "mode" when not said) have that value: the pause form's "Resume on" and "Shipments to pause",
// the frequency form's "Number of days", the swap and add-on forms' options of the chosen item. A hidden field
// is also disabled, so what it holds is not sent. Without this script every field shows and the server reads
// only what belongs to the choice (or explains, e.g., a date typed beside "Until I resume it").
(function () {
  "use strict";
  var dependents = document.querySelectorAll("[data-show-for]");
  if (!dependents.length) {
    return;
  }
  var form = dependents[0].form;
  var name = dependents[0].getAttribute("data-show-by") || "mode";
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
