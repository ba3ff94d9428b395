// The pause form shows each field only for its choice: "Resume on" for "Until a date", "Shipments to pause"
// for "For a number of shipments"; the frequency form "Number of days" for "Every … days". A hidden field is also disabled, so what it holds is not sent. Without
// this script every field shows and the server explains a date typed beside "Until I resume it".
(function () {
  "use strict";
  var dependents = document.querySelectorAll("[data-show-for]");
  if (!dependents.length) {
    return;
  }
  var form = dependents[0].form;
  // The choice a field belongs to: the radios named by data-show-with ("mode" on the pause form).
  var name = dependents[0].getAttribute("data-show-with") || "mode";
  var modes = form ? form.querySelectorAll('input[type="radio"][name="' + name + '"]') : [];

  function chosen() {
    for (var i = 0; i < modes.length; i += 1) {
      if (modes[i].checked) {
        return modes[i].value;
      }
    }
    return "";
  }

  function update() {
    var mode = chosen();
    dependents.forEach(function (input) {
      var shown = input.getAttribute("data-show-for") === mode;
      var wrapper = input.closest(".field") || input;
      wrapper.hidden = !shown;
      input.disabled = !shown;
    });
  }

  modes.forEach(function (radio) {
    radio.addEventListener("change", update);
  });
  update();
})();
