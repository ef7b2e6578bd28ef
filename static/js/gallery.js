/* Photo gallery lightbox: a <dialog> over the meeting's photos.
   Without JavaScript every thumbnail still links to its large image. */
(function () {
  "use strict";

  function setup(list) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a[data-caption]"));
    if (!links.length || typeof HTMLDialogElement !== "function") return;

    var dialog = document.createElement("dialog");
    dialog.className = "lightbox";
    dialog.setAttribute("aria-label", "Xem ảnh");
    dialog.innerHTML =
      '<figure class="lightbox-figure"><img class="lightbox-image" alt="">' +
      '<figcaption><span class="lightbox-caption"></span> <span class="lightbox-credit"></span>' +
      ' <span class="lightbox-count"></span></figcaption></figure>' +
      '<button type="button" class="lightbox-prev" aria-label="Ảnh trước">‹</button>' +
      '<button type="button" class="lightbox-next" aria-label="Ảnh sau">›</button>' +
      '<button type="button" class="lightbox-close" aria-label="Đóng">×</button>';
    document.body.appendChild(dialog);

    var image = dialog.querySelector(".lightbox-image");
    var caption = dialog.querySelector(".lightbox-caption");
    var credit = dialog.querySelector(".lightbox-credit");
    var count = dialog.querySelector(".lightbox-count");
    var current = 0;

    function show(index) {
      current = (index + links.length) % links.length;
      var link = links[current];
      var thumb = link.querySelector("img");
      image.src = link.getAttribute("href");
      image.alt = thumb ? thumb.alt : "";
      caption.textContent = link.dataset.caption || "";
      credit.textContent = link.dataset.credit ? "Ảnh: " + link.dataset.credit : "";
      count.textContent = "(" + (current + 1) + "/" + links.length + ")";
    }

    links.forEach(function (link, index) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        show(index);
        dialog.showModal();
        dialog.querySelector(".lightbox-close").focus();
      });
    });
    dialog.querySelector(".lightbox-prev").addEventListener("click", function () { show(current - 1); });
    dialog.querySelector(".lightbox-next").addEventListener("click", function () { show(current + 1); });
    dialog.querySelector(".lightbox-close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("keydown", function (event) {
      if (event.key === "ArrowLeft") { show(current - 1); event.preventDefault(); }
      if (event.key === "ArrowRight") { show(current + 1); event.preventDefault(); }
    });
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();  // a click on the backdrop
    });
    dialog.addEventListener("close", function () {
      links[current].focus();  // back to the photo the reader was on
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-gallery]"), setup);
  });
})();
