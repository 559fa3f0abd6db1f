/* The main menu's drop-downs are <details> and work without this script. With it they
   behave as people expect of a menu: one open at a time, closed by a click elsewhere or
   by Escape (which puts the focus back on the menu's button). */
(function () {
  "use strict";
  var menus = Array.prototype.slice.call(document.querySelectorAll(".portal-nav details"));
  function closeAll(keep) {
    menus.forEach(function (menu) {
      if (menu !== keep && !(keep && menu.contains(keep))) { menu.open = false; }
    });
  }
  menus.forEach(function (menu) {
    menu.addEventListener("toggle", function () { if (menu.open) { closeAll(menu); } });
  });
  document.addEventListener("click", function (event) {
    if (!event.target.closest(".portal-nav details")) { closeAll(null); }
  });
  document.addEventListener("keydown", function (event) {
    var open = menus.filter(function (menu) { return menu.open; });
    if (event.key === "Escape" && open.length) {
      closeAll(null);
      open[open.length - 1].querySelector("summary").focus();
    }
  });
})();
