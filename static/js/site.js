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

/* "Thống kê truy cập": refresh the numbers every minute while the page is visible, and when
   the reader comes back to the tab.
   Without JavaScript the box shows the numbers of the moment the page was made. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.querySelector("[data-visitor-stats]");
  if (!box || !window.fetch) {
    return;
  }
  var format = new Intl.NumberFormat("vi-VN");
  function refresh() {
    if (document.hidden) {
      return;
    }
    fetch(box.getAttribute("data-visitor-stats"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (stats) {
        if (!stats) {
          return;
        }
        ["online", "today", "total"].forEach(function (name) {
          var cell = box.querySelector('[data-stat="' + name + '"]');
          if (cell && typeof stats[name] === "number") {
            cell.textContent = format.format(stats[name]);
          }
        });
      })
      .catch(function () { /* keep the numbers shown; try again next minute */ });
  }
  window.setInterval(refresh, 60000);
  document.addEventListener("visibilitychange", refresh);  // back to the tab: fresh numbers
});
