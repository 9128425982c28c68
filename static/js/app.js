// htmx: swap 4xx form answers (errors beside their fields) and 5xx answers (a short Chinese error card);
// say so when the server cannot be reached at all.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.htmx) return;
  htmx.config.responseHandling = [
    { code: "204", swap: false },
    { code: "[23]..", swap: true },
    { code: "[45][0-9][0-9]", swap: true, error: true },
    { code: "...", swap: false, error: true }
  ];
  document.body.addEventListener("htmx:sendError", function () {
    showNotice("无法连接服务器，请检查网络后重试。");
  });
});

// A button with data-print prints the page (no inline handlers, so a strict CSP keeps working).
document.addEventListener("click", function (event) {
  if (event.target.closest && event.target.closest("[data-print]")) window.print();
});
function showNotice(text) {
  var main = document.querySelector("main") || document.body;
  var notice = document.getElementById("notice");
  if (!notice) {
    notice = document.createElement("div");
    notice.id = "notice";
    notice.className = "flash flash-error";
    notice.setAttribute("role", "alert");
    main.insertBefore(notice, main.firstChild);
  }
  notice.textContent = text;
}
