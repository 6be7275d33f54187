// The main menu on a phone (below Bootstrap's lg breakpoint): one button opens and closes it. The button says
// whether the menu is open (aria-expanded), works from the keyboard as any button does (Enter, Space), and Escape
// closes the open menu and gives the focus back to it. Without JavaScript the menu stays open (no-script.css).
(function () {
  "use strict";
  function start() {
    const button = document.querySelector(".mk-menu-toggle");
    const menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    const isOpen = () => button.getAttribute("aria-expanded") === "true";
    const set = (open) => {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("show", open);
    };
    button.addEventListener("click", () => set(!isOpen()));
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && isOpen() && getComputedStyle(button).display !== "none") {
        set(false);
        button.focus();
      }
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
