// Small progressive enhancements; every page works without JavaScript.
// Loaded in <head> (it is tiny) so that the "js" class is set before the first paint:
// without JavaScript the phone menu stays open, with it the menu is behind a button.
document.documentElement.classList.replace("no-js", "js");
// The reader's text size, remembered across pages (set before the first paint).
try {
  var savedScale = window.localStorage.getItem("portal-font-scale");
  if (savedScale) {
    document.documentElement.setAttribute("data-font-scale", savedScale);
  }
} catch (error) { /* storage blocked: default size */ }

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
  // Desktop submenus open on hover and on focus. Escape hides the open one (WCAG 1.4.13) and
  // leaves the focus on its menu item, until the pointer or the focus leaves that item.
  Array.prototype.forEach.call(menu.querySelectorAll(".has-children"), function (item) {
    item.addEventListener("mouseleave", function () {
      item.classList.remove("submenu-closed");
    });
    item.addEventListener("focusout", function (event) {
      if (!item.contains(event.relatedTarget)) {
        item.classList.remove("submenu-closed");
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    if (menu.classList.contains("is-open")) {
      toggle.setAttribute("aria-expanded", "false");
      menu.classList.remove("is-open");
      toggle.focus();
      return;
    }
    var focused = document.activeElement;
    var item = (focused && focused.closest && focused.closest(".has-children")) ||
      menu.querySelector(".has-children:hover");
    if (item) {
      item.classList.add("submenu-closed");
      if (item.contains(focused)) {
        item.querySelector("a").focus();
      }
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

/* Article tools: print, copy the link, share to Zalo (the phone's share sheet where there is
   one; elsewhere the link is copied and Zalo opens), text size A− A A+ remembered. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var tools = document.querySelector(".article-tools");
  if (!tools) {
    return;
  }
  var status = tools.querySelector("[data-tools-status]");
  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "absolute";
    field.style.left = "-9999px";
    document.body.appendChild(field);
    field.select();
    var done = document.execCommand("copy");
    document.body.removeChild(field);
    return done ? Promise.resolve() : Promise.reject(new Error("copy"));
  }
  var printButton = tools.querySelector("[data-print]");
  if (printButton && window.print) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var copyButton = tools.querySelector("[data-copy-link]");
  if (copyButton) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      copy(copyButton.getAttribute("data-copy-link")).then(
        function () { say("Đã sao chép liên kết."); },
        function () { say("Không sao chép được; hãy chép địa chỉ trên thanh trình duyệt."); }
      );
    });
  }
  var zalo = tools.querySelector("[data-share-zalo]");
  if (zalo) {
    zalo.addEventListener("click", function (event) {
      var url = zalo.getAttribute("data-url");
      if (navigator.share) {
        event.preventDefault();
        navigator.share({ title: zalo.getAttribute("data-title"), url: url }).catch(function () {});
        return;
      }
      // No share sheet (a desktop): copy the link, then let the link open Zalo.
      copy(url).then(function () { say("Đã sao chép liên kết: dán vào cuộc trò chuyện Zalo."); }, function () {});
    });
  }
  var sizes = tools.querySelector("[data-font-size]");
  if (sizes) {
    sizes.hidden = false;
    var root = document.documentElement;
    sizes.addEventListener("click", function (event) {
      var button = event.target.closest("[data-font-step]");
      if (!button) {
        return;
      }
      var step = parseInt(button.getAttribute("data-font-step"), 10);
      var scale = parseInt(root.getAttribute("data-font-scale") || "0", 10);
      scale = step === 0 ? 0 : Math.max(-1, Math.min(2, scale + step));
      if (scale === 0) {
        root.removeAttribute("data-font-scale");
      } else {
        root.setAttribute("data-font-scale", String(scale));
      }
      try {
        if (scale === 0) {
          window.localStorage.removeItem("portal-font-scale");
        } else {
          window.localStorage.setItem("portal-font-scale", String(scale));
        }
      } catch (error) { /* storage blocked: the size lasts for this page */ }
    });
  }
});
