// Interactive as soon as the DOM is ready: tell the backend, as Bearing does after its first screen.
window.__TAURI__.core.invoke("first_screen_ready");
