// A "print" button ([data-print], hidden without JavaScript, where the browser's own
// print command still works) that opens the print dialog; static/css/print.css lays the page out.
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
