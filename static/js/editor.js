/* CKEditor 5 in the admin (portal/editor.py, portal/widgets/rich_text.html).
 *
 * Starts one editor per textarea[data-rich-text] with the plugins its JSON configuration
 * names, taken from the vendored build's CKEDITOR global. Photos go to the portal's upload
 * view (the image pipeline) one request each, after a size check made here so that a 40 MB
 * file is refused at once instead of after its upload. Upload errors appear beside the editor
 * in Vietnamese; the build's default, window.alert(), is not used. No inline script, no eval:
 * the admin's CSP forbids them.
 */
(function () {
  "use strict";

  var TIMEOUT_MS = 180000;
  var CK = window.CKEDITOR;

  function megabytes(bytes) {
    return (bytes / (1024 * 1024)).toLocaleString("vi-VN", { maximumFractionDigits: 1 });
  }

  function csrfToken(form) {
    var input = form && form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function UploadAdapter(loader, options) {
    this.loader = loader;
    this.options = options;
    this.xhr = null;
  }

  UploadAdapter.prototype.upload = function () {
    var adapter = this;
    var options = this.options;
    return this.loader.file.then(function (file) {
      return new Promise(function (resolve, reject) {
        if (file.size > options.maxBytes) {
          reject(
            "Ảnh “" + file.name + "” nặng " + megabytes(file.size) + " MB, quá giới hạn " +
              megabytes(options.maxBytes) + " MB: hãy thu nhỏ ảnh rồi tải lại."
          );
          return;
        }
        var xhr = (adapter.xhr = new XMLHttpRequest());
        xhr.open("POST", options.url, true);
        xhr.responseType = "json";
        xhr.timeout = TIMEOUT_MS;
        xhr.setRequestHeader("X-CSRFToken", options.csrfToken);
        xhr.addEventListener("error", function () {
          reject("Không tải được ảnh “" + file.name + "”: mất kết nối tới máy chủ.");
        });
        xhr.addEventListener("timeout", function () {
          reject("Tải ảnh “" + file.name + "” quá lâu, đã dừng: hãy thử lại.");
        });
        xhr.addEventListener("abort", function () {
          reject();
        });
        xhr.addEventListener("load", function () {
          var response = xhr.response;
          if (xhr.status === 200 && response && response.urls) {
            resolve({ urls: response.urls });
          } else if (response && response.error) {
            reject(response.error.message);
          } else {
            reject("Máy chủ không nhận ảnh “" + file.name + "” (mã " + xhr.status + "): hãy thử lại.");
          }
        });
        xhr.upload.addEventListener("progress", function (event) {
          if (event.lengthComputable) {
            adapter.loader.uploadTotal = event.total;
            adapter.loader.uploaded = event.loaded;
          }
        });
        var data = new FormData();
        data.append("upload", file);
        xhr.send(data);
      });
    });
  };

  UploadAdapter.prototype.abort = function () {
    if (this.xhr) {
      this.xhr.abort();
    }
  };

  function outsidePhotos(html) {
    // Photos whose address is another site's (or inline data): the portal's own are relative.
    if (!html || html.indexOf("<img") === -1) {
      return 0;
    }
    var doc = new DOMParser().parseFromString(html, "text/html");
    return Array.prototype.filter.call(doc.querySelectorAll("img[src]"), function (img) {
      var src = img.getAttribute("src").trim();
      return /^data:/i.test(src) || (/^(https?:)?\/\//i.test(src) && src.indexOf(window.location.origin + "/") !== 0);
    }).length;
  }

  function plugins(names) {
    return names.map(function (name) {
      if (!CK[name]) {
        throw new Error("CKEditor 5 build has no plugin named " + name);
      }
      return CK[name];
    });
  }

  function start(textarea) {
    var box = textarea.closest(".rich-text");
    var message = box.querySelector(".rich-text-message");
    var counter = box.querySelector(".rich-text-count");
    var note = box.querySelector(".rich-text-note");
    var config = JSON.parse(document.getElementById(textarea.getAttribute("data-rich-text")).textContent);
    var uploadOptions = {
      url: textarea.getAttribute("data-upload-url"),
      maxBytes: parseInt(textarea.getAttribute("data-max-upload-bytes"), 10),
      csrfToken: csrfToken(textarea.form),
    };
    config.plugins = plugins(config.plugins).concat([
      function PortalUpload(editor) {
        editor.plugins.get("FileRepository").createUploadAdapter = function (loader) {
          return new UploadAdapter(loader, uploadOptions);
        };
      },
    ]);
    config.licenseKey = "GPL";
    // Screen readers announce the field's own label ("Nội dung"), not "Rich Text Editor".
    var label = textarea.id && document.querySelector("label[for='" + textarea.id + "']");
    if (label) {
      config.label = label.textContent.replace(/:\s*$/, "").trim();
    }

    CK.ClassicEditor.create(textarea, config)
      .then(function (editor) {
        editor.plugins.get("Notification").on(
          "show:warning",
          function (event, data) {
            message.textContent = data.message;
            message.hidden = false;
            message.scrollIntoView({ block: "nearest" });
            event.stop();
          },
          { priority: "high" }
        );
        // Inserting and removing the failed photo's placeholder changes the data too: the
        // message stays until the editor is typed in again.
        editor.editing.view.document.on("keydown", function () {
          message.hidden = true;
        });
        counter.appendChild(editor.plugins.get("WordCount").wordCountContainer);
        // Photos pasted or dropped from another site keep its address until the form is saved,
        // when the server fetches them (portal/pasted_images.py): say so at once.
        editor.editing.view.document.on("clipboardInput", function (event, data) {
          var count = outsidePhotos(data.dataTransfer.getData("text/html"));
          if (count && note) {
            note.textContent =
              "Đã dán " + count + " ảnh lấy từ trang khác. Khi lưu, cổng thông tin tải ảnh về và dùng " +
              "bản của mình; ảnh nào không tải được sẽ được báo tên để thay bằng ảnh tải lên.";
            note.hidden = false;
          }
        });
        // The textarea follows the editor as one types, for the form's autosave
        // (article-autosave.js), which also restores through the editor it finds here.
        textarea.portalEditor = editor;
        editor.model.document.on("change:data", function () {
          editor.updateSourceElement();
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        });
        textarea.dispatchEvent(new CustomEvent("richtext:ready", { bubbles: true }));
        if (textarea.disabled) {
          editor.enableReadOnlyMode("portal");
        }
      })
      .catch(function (error) {
        // The textarea stays usable: what is typed there is still saved and sanitised.
        textarea.style.display = "";
        message.textContent = "Không mở được trình soạn thảo; nội dung vẫn sửa được trong ô dưới đây.";
        message.hidden = false;
        console.error(error);
      });
  }

  function startAll() {
    document.querySelectorAll("textarea[data-rich-text]").forEach(start);
  }

  // The admin loads form media in <head>, before the textareas exist.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
  } else {
    startAll();
  }
})();
