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

// A form with data-upload-progress shows its upload as a progress bar, then, while the server checks and
// imports every row, an indeterminate bar with the stage in words.
document.addEventListener("htmx:xhr:progress", function (event) {
  var form = event.target.closest && event.target.closest("[data-upload-progress]");
  if (!form || !event.detail.lengthComputable) return;
  var box = form.querySelector(".upload-progress");
  var bar = box.querySelector("progress");
  var stage = box.querySelector("[role=status]");
  box.hidden = false;
  if (event.detail.loaded < event.detail.total) {
    bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    stage.textContent = "正在上传… " + bar.value + "%";
  } else {
    bar.removeAttribute("value");
    stage.textContent = "上传完成，正在逐行校验并导入…";
  }
});

// A form with data-draft-key keeps what is typed in localStorage: a score typed while the connection is down
// is not lost, comes back on the next visit, and a save pressed offline is sent when the connection returns.
// The page after a successful save carries data-draft-saved, which clears the draft.
function draftValues(form) {
  var values = {};
  Array.prototype.forEach.call(form.elements, function (el) {
    if (el.name && el.name !== "_csrf" && el.type !== "file" && el.type !== "submit") values[el.name] = el.value;
  });
  return values;
}
document.addEventListener("DOMContentLoaded", function () {
  Array.prototype.forEach.call(document.querySelectorAll("form[data-draft-key]"), function (form) {
    var key = "draft:" + form.getAttribute("data-draft-key");
    var status = document.getElementById("draft-status");
    var say = function (text) { if (status) status.textContent = text; };
    if (form.hasAttribute("data-draft-saved")) localStorage.removeItem(key);
    var kept = localStorage.getItem(key);
    if (kept) {
      try {
        var values = JSON.parse(kept);
        Object.keys(values).forEach(function (name) {
          var el = form.elements[name];
          if (el && el.type !== "hidden") el.value = values[name];
        });
        say("已恢复本机保存的未提交评分，请核对后保存。");
      } catch (e) { localStorage.removeItem(key); }
    }
    form.addEventListener("input", function () { localStorage.setItem(key, JSON.stringify(draftValues(form))); });
    form.addEventListener("submit", function (event) {
      localStorage.setItem(key, JSON.stringify(draftValues(form)));
      if (!navigator.onLine) {
        event.preventDefault();
        form.setAttribute("data-draft-pending", "");
        say("网络已断开：评分已保存在本机，联网后自动提交。");
      }
    });
    window.addEventListener("offline", function () { say("网络已断开：继续填写，评分保存在本机。"); });
    window.addEventListener("online", function () {
      if (!form.hasAttribute("data-draft-pending")) { say("网络已恢复。"); return; }
      form.removeAttribute("data-draft-pending");
      say("网络已恢复，正在提交…");
      form.submit();
    });
  });
});
// A form with data-confirm asks first; a link with data-back goes back a page (no inline handlers: the CSP
// allows scripts from this server only).
document.addEventListener("submit", function (event) {
  var form = event.target.closest && event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
});
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-back]");
  if (link && window.history.length > 1) {
    event.preventDefault();
    window.history.back();
  }
});
