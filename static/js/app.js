// htmx: swap 4xx form answers (errors beside their fields); show a busy bar while a request runs.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.htmx) return;
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "4[0-9][0-9]", swap: true, error: true },
    { code: "...", swap: false, error: true }
  ];
});

// A button with data-print prints the page (no inline handlers, so a strict CSP keeps working).
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});
