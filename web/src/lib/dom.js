// Building elements in code rather than from HTML strings: nothing is parsed, so no text can
// turn into markup, and nothing trips the Content-Security-Policy.

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * `h('button', {type: 'button', 'aria-label': 'Play'}, child, 'text')`: an element with those
 * attributes and children. `true` sets an empty attribute (`hidden: true`); `false`, `null` and
 * `undefined` leave it out.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value == null) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** A 24×24 icon from one SVG path; decorative, so the control around it carries the name. */
export function icon(path) {
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icon');
  const shape = document.createElementNS(SVG_NS, 'path');
  shape.setAttribute('d', path);
  svg.append(shape);
  return svg;
}

/** The focused element is somewhere the user types, so single-key shortcuts must stay quiet. */
export function isTyping(target) {
  return target instanceof Element && (target.isContentEditable || target.closest('input, textarea, select') !== null);
}
