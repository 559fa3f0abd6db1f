// A page that comes back with errors opens on their summary: focus it so a screen
// reader reads it and the keyboard continues from there (templates/partials/error_summary.html).
document.addEventListener("DOMContentLoaded", () => {
  const summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
});
