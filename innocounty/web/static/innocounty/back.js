/* "Back" links (a[data-back]): go back in the browser's history, where the form still holds
   what was typed; without history (or without script) the link's own address is followed.
   A file rather than href="javascript:…", which the Content-Security-Policy blocks. */
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a[data-back]");
  if (!link || window.history.length < 2) return;
  event.preventDefault();
  window.history.back();
});
