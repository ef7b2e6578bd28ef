// Small progressive enhancements; every page works without JavaScript.
// Loaded in <head> (it is tiny) so that the "js" class is set before the first paint:
// without JavaScript the phone menu stays open, with it the menu is behind a button.
document.documentElement.classList.replace("no-js", "js");

document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  var menu = document.getElementById("menu-chinh");
  if (!toggle || !menu) {
    return;
  }
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
    menu.classList.toggle("is-open", !open);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.classList.contains("is-open")) {
      toggle.setAttribute("aria-expanded", "false");
      menu.classList.remove("is-open");
      toggle.focus();
    }
  });
});
