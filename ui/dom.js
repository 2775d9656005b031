// Small DOM helpers. User text only ever enters the page through textContent.

export const $ = (id) => document.getElementById(id);

/** Creates an element with attributes and text (never HTML). */
export function el(tag, { text, className, attrs } = {}, children = []) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
  for (const child of children) node.append(child);
  return node;
}

export function showError(message) {
  $("error-text").textContent = message;
  $("error").hidden = false;
}

export function clearError() {
  $("error").hidden = true;
  $("error-text").textContent = "";
}

/** The chart theme that matches the system setting. */
export function theme() {
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/**
 * Shows SVG text from Rust in an <img> through a blob URL, so nothing inside the chart can run.
 * The previous URL of the same image is released.
 */
export function showSvg(img, svgText) {
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  const previous = img.dataset.blobUrl;
  img.src = url;
  img.dataset.blobUrl = url;
  if (previous) URL.revokeObjectURL(previous);
}
