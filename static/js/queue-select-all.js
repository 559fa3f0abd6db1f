// The queue's "select all": a header checkbox that ticks (or clears) every box on the page,
// and the link above the table ticks them in place. Without JavaScript the checkbox stays
// hidden and the link reloads the page with every box ticked (reviews.views.queue).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("bulk-form");
  const all = document.getElementById("pick-all");
  if (!form || !all) {
    return;
  }
  const boxes = Array.from(form.querySelectorAll("input[type=checkbox][name=ids]"));
  const sync = () => {
    const ticked = boxes.filter((box) => box.checked).length;
    all.checked = ticked > 0 && ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  };
  const tickAll = (checked) => {
    boxes.forEach((box) => {
      box.checked = checked;
    });
    sync();
  };
  all.hidden = false;
  all.addEventListener("change", () => tickAll(all.checked));
  boxes.forEach((box) => box.addEventListener("change", sync));
  const link = document.getElementById("select-all-link");
  if (link) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      tickAll(true);
    });
  }
  sync();
});
