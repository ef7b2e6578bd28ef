// Django's menu on the left takes 300 of a 1,366 px laptop's pixels, which the article list
// and the editor need: on screens narrower than 1,600 px it starts folded ("«" opens it),
// until the person chooses; Django's nav_sidebar.js then keeps their choice.
(function () {
  "use strict";
  const key = "django.admin.navSidebarIsOpen";
  try {
    if (localStorage.getItem(key) === null && window.innerWidth < 1600) {
      localStorage.setItem(key, "false");
    }
  } catch (error) {
    // Storage refused (private mode): Django's default, the menu open.
  }
})();
