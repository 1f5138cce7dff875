// The final assessment's print button (no inline script, so a strict CSP keeps working).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
