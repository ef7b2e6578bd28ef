/* The meeting photo manager in the admin (templates/admin/meetings/meeting/photos.html).
 *
 * Uploads the chosen or dropped files one per request, two at a time, to the upload
 * endpoint, and lists each file's progress and result; a failed file is reported by its
 * name and the others go on. Each uploaded photo joins the grid below as a new form of the
 * formset, in the place the server gave it (by the time taken, then the file name, unless the
 * photos were reordered by hand). The grid is reordered by drag and drop or with the
 * "Lên"/"Xuống" buttons, which rewrite the hidden order inputs. Photos without a description
 * of their own (alt text that is not just the shared caption or the meeting's title, or "ảnh
 * trang trí") are marked and counted as staff type, by the rule of MeetingPhoto.has_description.
 * No inline scripts, no eval: the page's CSP forbids them.
 */
(function () {
  "use strict";

  var TIMEOUT_MS = 180000;

  var uploadForm = document.getElementById("photo-upload-form");
  var gridForm = document.getElementById("photo-grid-form");
  var grid = document.getElementById("photo-grid");
  var cardTemplate = document.getElementById("photo-card-template");
  if (!uploadForm || !gridForm || !grid || !cardTemplate) {
    return;
  }

  var csrfToken = uploadForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  var uploadUrl = uploadForm.getAttribute("data-upload-url");
  var maxMb = parseInt(uploadForm.getAttribute("data-max-mb"), 10) || 20;
  var PARALLEL = Math.max(1, parseInt(uploadForm.getAttribute("data-parallel"), 10) || 2);
  var fileInput = uploadForm.querySelector("input[type=file]");
  var prefixInput = uploadForm.querySelector("[name=caption_prefix]");
  var creditInput = uploadForm.querySelector("[name=credit]");
  var dropzone = document.getElementById("photo-dropzone");
  var progressList = document.getElementById("photo-upload-list");
  var summary = document.getElementById("photo-upload-summary");
  var announcer = document.getElementById("photo-announcer");
  var emptyNote = document.getElementById("photo-empty");
  var countLabel = document.getElementById("photo-count");
  var altSummary = document.getElementById("photo-alt-summary");
  var altCount = document.getElementById("photo-alt-count");
  var altList = document.getElementById("photo-alt-list");
  var meetingTitle = grid.getAttribute("data-meeting-title") || "";
  var formsetPrefix = gridForm.querySelector("input[name$='-TOTAL_FORMS']").name.replace(/-TOTAL_FORMS$/, "");
  var totalForms = gridForm.querySelector("input[name='" + formsetPrefix + "-TOTAL_FORMS']");
  var initialForms = gridForm.querySelector("input[name='" + formsetPrefix + "-INITIAL_FORMS']");

  var queue = [];
  var active = 0;
  var batch = { total: 0, ok: 0, failed: 0 };
  var reordered = false;
  var coverTouched = false; // staff picked a cover here: the server's automatic choice no longer applies
  var dragged = null; // the card being reordered by drag and drop

  uploadForm.classList.add("js-enabled");

  function announce(text) {
    announcer.textContent = "";
    // A fresh text node each time, so that screen readers repeat identical messages.
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }

  // --- Uploading ----------------------------------------------------------------------

  function addToQueue(files) {
    if (!batch.total || (!active && !queue.length)) {
      batch = { total: 0, ok: 0, failed: 0 };
    }
    Array.prototype.forEach.call(files, function (file) {
      var item = document.createElement("li");
      item.className = "photo-upload-item is-waiting";
      var name = document.createElement("span");
      name.className = "photo-upload-name";
      name.textContent = file.name;
      var state = document.createElement("span");
      state.className = "photo-upload-state";
      state.textContent = "Đang chờ";
      var bar = document.createElement("progress");
      bar.max = 100;
      bar.value = 0;
      bar.setAttribute("aria-label", "Tiến trình tải " + file.name);
      item.append(name, bar, state);
      progressList.append(item);
      batch.total += 1;
      queue.push({ file: file, item: item, state: state, bar: bar });
    });
    showSummary();
    pump();
  }

  function pump() {
    while (active < PARALLEL && queue.length) {
      send(queue.shift());
    }
    if (!active && !queue.length) {
      showSummary(true);
    }
  }

  function showSummary(finished) {
    var done = batch.ok + batch.failed;
    var text = finished
      ? "Đã tải xong: " + batch.ok + " ảnh thành công" + (batch.failed ? ", " + batch.failed + " tệp lỗi." : ".")
      : "Đang tải ảnh lên: " + done + "/" + batch.total + "…";
    if (finished && batch.ok) {
      text += " Hoàn thiện chú thích từng ảnh bên dưới rồi bấm “Lưu”.";
    }
    summary.textContent = text;
    summary.classList.toggle("has-errors", batch.failed > 0);
  }

  function settle(entry, ok, message) {
    entry.item.classList.remove("is-waiting", "is-sending");
    entry.item.classList.add(ok ? "is-done" : "is-failed");
    entry.state.textContent = message;
    entry.bar.value = 100;
    if (ok) {
      batch.ok += 1;
    } else {
      batch.failed += 1;
    }
    active -= 1;
    showSummary();
    pump();
  }

  function reasonFor(xhr) {
    if (xhr.status === 413) {
      return "Tệp quá lớn so với giới hạn của máy chủ.";
    }
    if (xhr.status === 403) {
      return "Không được phép tải lên (phiên đăng nhập có thể đã hết hạn). Hãy tải lại trang.";
    }
    if (xhr.status >= 500) {
      return "Máy chủ gặp lỗi khi xử lý ảnh này.";
    }
    return "Máy chủ trả lời không hợp lệ. Hãy tải lại trang và thử lại.";
  }

  function send(entry) {
    active += 1;
    entry.item.classList.remove("is-waiting");
    if (entry.file.size > maxMb * 1024 * 1024) {
      settle(entry, false, "Lỗi: Tệp ảnh vượt quá " + maxMb + " MB.");
      return;
    }
    entry.item.classList.add("is-sending");
    entry.state.textContent = "Đang tải lên…";
    var data = new FormData();
    data.append("file", entry.file, entry.file.name);
    data.append("caption_prefix", prefixInput ? prefixInput.value : "");
    data.append("credit", creditInput ? creditInput.value : "");
    data.append("csrfmiddlewaretoken", csrfToken);

    var xhr = new XMLHttpRequest();
    xhr.open("POST", uploadUrl);
    xhr.setRequestHeader("X-CSRFToken", csrfToken);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "json";
    xhr.timeout = TIMEOUT_MS;
    xhr.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        // The upload is most of the wait; the server's processing is the rest.
        entry.bar.value = Math.round((event.loaded / event.total) * 90);
      }
    });
    xhr.addEventListener("load", function () {
      var body = xhr.response;
      if (xhr.status === 200 && body && body.ok) {
        addCard(body);
        settle(entry, true, "Đã tải lên");
      } else if (body && body.error) {
        settle(entry, false, "Lỗi: " + body.error);
      } else {
        settle(entry, false, "Lỗi: " + reasonFor(xhr));
      }
    });
    xhr.addEventListener("error", function () {
      settle(entry, false, "Lỗi: Mất kết nối tới máy chủ.");
    });
    xhr.addEventListener("timeout", function () {
      settle(entry, false, "Lỗi: Quá thời gian chờ máy chủ.");
    });
    xhr.send(data);
  }

  fileInput.addEventListener("change", function () {
    if (fileInput.files.length) {
      addToQueue(fileInput.files);
      fileInput.value = "";
    }
  });

  uploadForm.addEventListener("submit", function (event) {
    event.preventDefault();
    if (fileInput.files.length) {
      addToQueue(fileInput.files);
      fileInput.value = "";
    }
  });

  function hasFiles(event) {
    // A photo of the grid being reordered may carry "Files" too: it is not an upload.
    return !dragged && event.dataTransfer && Array.prototype.indexOf.call(event.dataTransfer.types, "Files") !== -1;
  }

  dropzone.addEventListener("dragover", function (event) {
    if (hasFiles(event)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
      dropzone.classList.add("is-over");
    }
  });
  dropzone.addEventListener("dragleave", function () {
    dropzone.classList.remove("is-over");
  });
  dropzone.addEventListener("drop", function (event) {
    dropzone.classList.remove("is-over");
    if (hasFiles(event)) {
      event.preventDefault();
      addToQueue(event.dataTransfer.files);
    }
  });
  // A file dropped beside the drop zone must not make the browser leave the page.
  ["dragover", "drop"].forEach(function (type) {
    window.addEventListener(type, function (event) {
      if (hasFiles(event) && !dropzone.contains(event.target)) {
        event.preventDefault();
      }
    });
  });

  gridForm.addEventListener("submit", function (event) {
    if (active || queue.length) {
      event.preventDefault();
      announce("Đang tải ảnh lên, hãy chờ tải xong rồi bấm “Lưu”.");
      summary.textContent = "Đang tải ảnh lên, hãy chờ tải xong rồi bấm “Lưu”.";
    }
  });

  // --- The grid -----------------------------------------------------------------------

  function cards() {
    return Array.prototype.slice.call(grid.querySelectorAll(":scope > .photo-card"));
  }

  function field(card, suffix) {
    return card.querySelector("[name$='-" + suffix + "']");
  }

  function addCard(photo) {
    var index = parseInt(totalForms.value, 10);
    var holder = document.createElement("ol");
    holder.innerHTML = cardTemplate.innerHTML.replace(/__prefix__/g, String(index));
    var card = holder.firstElementChild;
    card.setAttribute("data-photo-id", photo.id);
    field(card, "id").value = photo.id;
    field(card, "caption").value = photo.caption || "";
    field(card, "credit").value = photo.credit || "";
    field(card, "order").value = photo.order;
    card.setAttribute("data-caption-prefix", photo.caption_prefix || "");
    var thumb = card.querySelector(".photo-thumb");
    thumb.src = photo.thumb;
    thumb.alt = photo.caption || photo.name;
    card.querySelector(".photo-name").textContent = photo.name;
    card.querySelector("input[name=cover]").value = photo.id;
    grid.append(card);
    // The photo exists already: the formset must treat its form as an existing one.
    totalForms.value = index + 1;
    initialForms.value = parseInt(initialForms.value, 10) + 1;
    enhance(card);
    if (!coverTouched) {
      checkCover(photo.cover);
    }
    if (reordered) {
      // Reordered here and not saved yet: the new photo goes last, and "Lưu" keeps this order.
      renumber();
    } else {
      arrange(photo.photos || []);
    }
  }

  function checkCover(id) {
    cards().forEach(function (card) {
      var radio = card.querySelector("input[name=cover]");
      radio.checked = id !== null && id !== undefined && radio.value === String(id);
    });
  }

  // The server's order after an upload: every photo's place, which a new one may have changed.
  function arrange(places) {
    var rest = cards();
    places.forEach(function (place) {
      var card = rest.filter(function (each) {
        return each.getAttribute("data-photo-id") === String(place.id);
      })[0];
      if (card) {
        field(card, "order").value = place.order;
        grid.append(card);
        rest.splice(rest.indexOf(card), 1);
      }
    });
    // Photos the server no longer has (deleted in another tab) stay, last, in their order.
    rest.forEach(function (card) {
      grid.append(card);
    });
    relabel();
  }

  // --- Descriptions (alt text) ------------------------------------------------------------

  // As meetings.models.comparable_text: NFC, spaces collapsed, case and surrounding punctuation ignored.
  function comparable(text) {
    return (text || "")
      .normalize("NFC")
      .replace(/\s+/g, " ")
      .toLowerCase()
      .replace(/^[\s.,:;!?…\-–—()"'“”]+|[\s.,:;!?…\-–—()"'“”]+$/g, "");
  }

  function hasDescription(card) {
    var decorative = field(card, "decorative");
    if (decorative && decorative.checked) {
      return true;
    }
    var alt = comparable(field(card, "alt_text").value);
    var shared = [comparable(card.getAttribute("data-caption-prefix")), comparable(meetingTitle)];
    return alt !== "" && shared.indexOf(alt) === -1;
  }

  function refreshDescriptions() {
    var missing = [];
    cards().forEach(function (card, position) {
      var lacking = !card.classList.contains("is-deleted") && !hasDescription(card);
      card.classList.toggle("is-missing-alt", lacking);
      card.querySelector(".photo-alt-missing").hidden = !lacking;
      if (lacking) {
        var name = card.querySelector(".photo-name").textContent.trim();
        missing.push("ảnh số " + (position + 1) + (name ? " (" + name + ")" : ""));
      }
    });
    if (!altSummary) {
      return;
    }
    var list = missing.join("; ");
    if (altList.textContent !== list) {
      altCount.textContent = missing.length;
      altList.textContent = list;
    }
    altSummary.hidden = missing.length === 0;
  }

  function relabel() {
    var all = cards();
    all.forEach(function (card, position) {
      var number = position + 1;
      card.querySelector(".photo-number").textContent = number;
      var up = card.querySelector(".photo-up");
      var down = card.querySelector(".photo-down");
      up.setAttribute("aria-label", "Lên: đưa ảnh " + number + " lên trước");
      down.setAttribute("aria-label", "Xuống: đưa ảnh " + number + " xuống sau");
      up.disabled = position === 0;
      down.disabled = position === all.length - 1;
    });
    if (emptyNote) {
      emptyNote.hidden = all.length > 0;
    }
    if (countLabel) {
      countLabel.textContent = all.length;
    }
    refreshDescriptions();
  }

  function renumber() {
    reordered = true;
    cards().forEach(function (card, position) {
      field(card, "order").value = position;
    });
    relabel();
  }

  function move(card, step, button) {
    var sibling = step < 0 ? card.previousElementSibling : card.nextElementSibling;
    if (!sibling) {
      return;
    }
    if (step < 0) {
      grid.insertBefore(card, sibling);
    } else {
      grid.insertBefore(sibling, card);
    }
    renumber();
    var position = cards().indexOf(card) + 1;
    // Keep the keyboard on the moved photo, even when its button has just been disabled.
    var target = button.disabled ? card.querySelector(step < 0 ? ".photo-down" : ".photo-up") : button;
    if (target && !target.disabled) {
      target.focus();
    }
    announce("Đã chuyển ảnh tới vị trí " + position + " trên " + cards().length + ".");
  }

  function enhance(card) {
    var handle = card.querySelector(".photo-drag-handle");
    card.querySelector(".photo-move").hidden = false;
    handle.hidden = false;
    var order = field(card, "order");
    order.closest(".photo-field").hidden = true;

    card.querySelector(".photo-up").addEventListener("click", function (event) {
      move(card, -1, event.currentTarget);
    });
    card.querySelector(".photo-down").addEventListener("click", function (event) {
      move(card, 1, event.currentTarget);
    });
    var remove = field(card, "DELETE");
    if (remove) {
      remove.addEventListener("change", function () {
        card.classList.toggle("is-deleted", remove.checked);
        refreshDescriptions();
      });
    }
    field(card, "alt_text").addEventListener("input", refreshDescriptions);
    var decorative = field(card, "decorative");
    if (decorative) {
      decorative.addEventListener("change", refreshDescriptions);
    }
    card.querySelector("input[name=cover]").addEventListener("change", function () {
      coverTouched = true;
    });

    // Drag by the handle or the photo only, so that text in the inputs stays selectable.
    [handle, card.querySelector(".photo-thumb")].forEach(function (grip) {
      grip.draggable = true;
      grip.addEventListener("dragstart", function (event) {
        dragged = card;
        card.classList.add("is-dragging");
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", card.getAttribute("data-photo-id") || "");
        if (event.dataTransfer.setDragImage) {
          event.dataTransfer.setDragImage(card, 20, 20);
        }
      });
      grip.addEventListener("dragend", function () {
        card.classList.remove("is-dragging");
        if (dragged) {
          dragged = null;
          renumber();
        }
      });
    });
  }

  grid.addEventListener("dragover", function (event) {
    if (!dragged) {
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
    var target = event.target.closest ? event.target.closest(".photo-card") : null;
    if (!target || target === dragged || target.parentNode !== grid) {
      return;
    }
    var all = cards();
    if (all.indexOf(dragged) < all.indexOf(target)) {
      grid.insertBefore(dragged, target.nextElementSibling);
    } else {
      grid.insertBefore(dragged, target);
    }
  });
  grid.addEventListener("drop", function (event) {
    if (dragged) {
      event.preventDefault();
    }
  });

  cards().forEach(enhance);
  relabel();
})();
