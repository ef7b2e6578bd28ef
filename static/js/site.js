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
      item.classList.remove("is-open");
      if (item.querySelector(".menu-more-toggle")) {
        item.querySelector(".menu-more-toggle").setAttribute("aria-expanded", "false");
      }
      if (item.contains(focused)) {
        item.querySelector("a, button").focus();
      }
    }
  });
});

/* The menu on one row: on a desktop, the categories that do not fit move, last first, into
   "Thêm" at the row's end; on a phone (the menu behind its button) every item is in the list.
   Measured again when the window's width changes. Without JavaScript the row wraps. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var menu = document.getElementById("menu-chinh");
  var more = menu && menu.querySelector(".menu-more");
  if (!more) {
    return;
  }
  var moreList = more.querySelector(".submenu");
  var toggle = more.querySelector(".menu-more-toggle");
  var movable = Array.prototype.slice.call(menu.querySelectorAll(":scope > [data-menu-movable]"));
  var anchor = movable.length ? movable[movable.length - 1].nextElementSibling : null;
  var desktop = window.matchMedia("(min-width: 701px)");
  function overflows() {
    return menu.scrollWidth > menu.clientWidth + 1;
  }
  function fit() {
    movable.forEach(function (item) {
      menu.insertBefore(item, anchor);
    });
    more.hidden = true;
    if (!desktop.matches || !overflows()) {
      return;
    }
    more.hidden = false;
    for (var i = movable.length - 1; i >= 0 && overflows(); i -= 1) {
      moreList.insertBefore(movable[i], moreList.firstChild);
    }
    // The reader is in a category under "Thêm": "Thêm" is marked as the current item.
    more.classList.toggle("is-current", !!moreList.querySelector('[aria-current="page"]'));
  }
  toggle.addEventListener("click", function () {
    var open = !more.classList.contains("is-open");
    more.classList.toggle("is-open", open);
    more.classList.remove("submenu-closed");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
  more.addEventListener("focusout", function (event) {
    if (!more.contains(event.relatedTarget)) {
      more.classList.remove("is-open");
      toggle.setAttribute("aria-expanded", "false");
    }
  });
  var pending = false;
  window.addEventListener("resize", function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        fit();
      });
    }
  });
  fit();
  // Web fonts or a late stylesheet change the items' widths: measure once more when loaded.
  window.addEventListener("load", fit);
});

/* "Thống kê truy cập": the numbers a page carries may be two minutes old (the page cache
   keeps pages that long), taken before this reader came. Fetch newer ones at once when they
   are older than the server keeps its own (30 s), then every minute while the page is
   visible, and when the reader comes back to the tab; numbers older than those shown are
   ignored. "Đang online" counts the reader: the server never says 0 to one. Without JavaScript the box shows the numbers of the moment the page was made. */
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var box = document.querySelector("[data-visitor-stats]");
  if (!box || !window.fetch) {
    return;
  }
  var FRESH_SECONDS = 30;  // widgets.counting.STATS_CACHE_SECONDS
  var format = new Intl.NumberFormat("vi-VN");
  var shownAt = Number(box.getAttribute("data-stats-at")) || 0;
  function show(name, value) {
    var cell = box.querySelector('[data-stat="' + name + '"]');
    if (cell && typeof value === "number") {
      cell.textContent = format.format(value);
    }
  }
  function refresh() {
    if (document.hidden) {
      return;
    }
    fetch(box.getAttribute("data-visitor-stats"), { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (stats) {
        if (!stats || (typeof stats.at === "number" && stats.at < shownAt)) {
          return;
        }
        shownAt = stats.at || shownAt;
        show("online", stats.online);  // never 0: the server counts the reader asking
        show("today", stats.today);
        show("total", stats.total);
      })
      .catch(function () { /* keep the numbers shown; try again next minute */ });
  }
  if (Date.now() / 1000 - shownAt > FRESH_SECONDS) {
    refresh();
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
