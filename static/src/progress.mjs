// Live response rates: while the page is open, fetch its figures every few seconds and update them in
// place. Without JavaScript the page still works, with a link to refresh it. The server sends the exact
// strings to show (including "fewer than k"), so no anonymity rule lives here.
const source = document.querySelector("[data-progress-url]");

async function refresh() {
  try {
    const response = await fetch(source.dataset.progressUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!response.ok) return;
    const data = await response.json();
    for (const [rowId, figures] of Object.entries(data.rows)) {
      for (const [field, text] of Object.entries(figures)) {
        const cell = document.querySelector(`[data-row="${CSS.escape(rowId)}"][data-field="${CSS.escape(field)}"]`);
        if (cell && cell.textContent !== text) cell.textContent = text;
      }
    }
    const updated = source.querySelector("[data-progress-updated]");
    if (updated) updated.textContent = `Figures as at ${data.updated} (UTC), updated automatically.`;
  } catch {
    // A dropped connection just means the figures wait for the next poll.
  }
}

if (source) {
  const seconds = Number(source.dataset.pollSeconds) || 15;
  window.setInterval(refresh, seconds * 1000);
}
