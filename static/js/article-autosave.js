/*
 * The article form keeps what is typed in this browser (localStorage) every few seconds, so a
 * dropped connection, a closed tab or a crash loses nothing: reopening the article offers
 * "Khôi phục" with the time of the copy. The copy is dropped once the page shows the same
 * text (saved, or restored). And while the form is open, the server is told every 30 seconds
 * (editorial: ArticleAdmin's "dang-mo" endpoint), which answers who else has this article
 * open: a notice names them before anyone types over the other.
 */
(function () {
  "use strict";

  var FIELDS = ["title", "slug", "lead", "body", "byline", "source", "cover_caption", "cover_alt"];
  var SAVE_DELAY_MS = 3000;
  var PRESENCE_EVERY_MS = 30000;

  function field(form, name) {
    return form.querySelector("[name='" + name + "']");
  }

  function text(html) {
    // Compare what people wrote, not the markup the server normalises on save.
    var doc = new DOMParser().parseFromString(html || "", "text/html");
    return (doc.body.textContent || "").replace(/\s+/g, " ").trim();
  }

  function values(form) {
    var out = {};
    FIELDS.forEach(function (name) {
      var input = field(form, name);
      if (input) {
        out[name] = input.value;
      }
    });
    return out;
  }

  // What tells two versions apart; the server may fill in the address and the cover's alt
  // text on save (from the title, from the text's first photo), so those are not compared.
  var COMPARED = ["title", "lead", "body", "byline", "source"];

  function same(a, b) {
    return COMPARED.every(function (name) {
      if (name === "body") {
        return text(a.body) === text(b.body);
      }
      return (a[name] || "").trim() === (b[name] || "").trim();
    });
  }

  function stamp(ms) {
    var d = new Date(ms);
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return two(d.getHours()) + ":" + two(d.getMinutes()) + " " + two(d.getDate()) + "/" + two(d.getMonth() + 1) + "/" + d.getFullYear();
  }

  function notice(form, className, message) {
    var box = document.createElement("div");
    box.className = "autosave-notice " + className;
    box.setAttribute("role", "status");
    var p = document.createElement("p");
    p.textContent = message;
    box.appendChild(p);
    form.insertBefore(box, form.firstElementChild.nextSibling);
    return box;
  }

  function button(box, label, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    box.appendChild(b);
    return b;
  }

  function restore(form, copy) {
    FIELDS.forEach(function (name) {
      var input = field(form, name);
      if (!input || copy[name] === undefined) {
        return;
      }
      if (input.portalEditor) {
        input.portalEditor.setData(copy[name]);
      } else {
        input.value = copy[name];
      }
    });
  }

  function startAutosave(form, config) {
    var key = "halong-portal:autosave:" + config.key;
    var stored = null;
    try {
      stored = JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      return; // no storage here (private mode): nothing to keep
    }
    var bodyReady = !field(form, "body") || field(form, "body").portalEditor;

    function offer() {
      if (!stored) {
        return;
      }
      if (same(stored.values, values(form))) {
        localStorage.removeItem(key); // saved since, or never changed
        return;
      }
      var box = notice(
        form,
        "autosave-offer",
        "Trình duyệt này còn giữ một bản chưa lưu của bài, lúc " + stamp(stored.at) +
          ". Khôi phục để tiếp tục từ bản đó (rồi bấm Lưu), hoặc bỏ đi."
      );
      button(box, "Khôi phục bản chưa lưu", function () {
        restore(form, stored.values);
        box.remove();
        notice(form, "autosave-restored", "Đã khôi phục bản lúc " + stamp(stored.at) + ". Bài chưa được lưu: hãy bấm Lưu.");
      });
      button(box, "Bỏ bản này", function () {
        localStorage.removeItem(key);
        box.remove();
      });
    }

    var timer = null;
    var initial = null;
    function keep() {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var now = values(form);
        if (initial && same(now, initial)) {
          return;
        }
        try {
          localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: now }));
        } catch (error) {
          // Storage full: the server copy is what there is.
        }
      }, SAVE_DELAY_MS);
    }

    function forgetSavedNewArticle() {
      // The copy kept while the article was new ("Thêm bài viết") is done with once it is saved.
      var newKey = "halong-portal:autosave:" + config.newKey;
      if (newKey === key) {
        return;
      }
      try {
        var kept = JSON.parse(localStorage.getItem(newKey) || "null");
        if (kept && same(kept.values, values(form))) {
          localStorage.removeItem(newKey);
        }
      } catch (error) {
        // nothing kept, or no storage
      }
    }

    function begin() {
      initial = values(form);
      forgetSavedNewArticle();
      offer();
      form.addEventListener("input", keep);
      form.addEventListener("change", keep);
    }
    if (bodyReady) {
      begin();
    } else {
      // Once the editor holds the text; without it (it failed to load), after a moment.
      var started = false;
      var once = function () {
        if (!started) {
          started = true;
          begin();
        }
      };
      form.addEventListener("richtext:ready", once, { once: true });
      setTimeout(once, 5000);
    }
  }

  function startPresence(form, config) {
    if (!config.presenceUrl) {
      return;
    }
    var box = null;
    var token = (form.querySelector("[name='csrfmiddlewaretoken']") || {}).value;
    function ping() {
      fetch(config.presenceUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token, Accept: "application/json" },
      })
        .then(function (response) {
          return response.ok ? response.json() : { others: [] };
        })
        .then(function (answer) {
          if (box) {
            box.remove();
            box = null;
          }
          if (answer.others && answer.others.length) {
            var names = answer.others.map(function (o) {
              return o.name + " (từ " + o.since + ")";
            });
            box = notice(
              form,
              "presence-warning",
              "Đang cùng mở bài này: " + names.join(", ") +
                ". Nếu cả hai cùng sửa, người lưu sau sẽ phải xem lại khác biệt trước khi lưu; hãy trao đổi trước."
            );
          }
        })
        .catch(function () {});
    }
    ping();
    setInterval(ping, PRESENCE_EVERY_MS);
  }

  function start() {
    var config = document.getElementById("article-autosave");
    var form = config && document.getElementById("article_form");
    if (!form) {
      return;
    }
    startAutosave(form, config.dataset);
    startPresence(form, config.dataset);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
