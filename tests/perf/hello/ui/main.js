// Interactive as soon as the DOM is ready: tell the backend, as Bearing does after its first screen,
// with the same start-up marks (milliseconds since the epoch) that Bearing's page hands over.
const now = performance.timeOrigin + performance.now();
const marks = { navigation: performance.timeOrigin, script: now, home: now };
const [page] = performance.getEntriesByType("navigation");
if (page) marks.html = performance.timeOrigin + page.responseEnd;
window.__TAURI__.core.invoke("first_screen_ready", { marks });
