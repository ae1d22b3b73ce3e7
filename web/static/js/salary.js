// A small salary progression chart: one bar per level from the band's
// lower to its upper bound, drawn as SVG (a few rectangles need no library).
const NS = 'http://www.w3.org/2000/svg';

function el(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text != null) e.textContent = text;
  return e;
}

export function chart(levels, title) {
  const rows = levels.filter((l) => l.salary);
  const top = Math.max(...rows.map((l) => l.salary.max));
  const rowH = 28;
  const left = 110;
  const width = 520;
  const height = rows.length * rowH + 24;
  // room on the right for the last band's label, at phone size too
  const x = (v) => left + ((width - left - 120) * v) / top;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, class: 'salary-chart', role: 'img', 'aria-label': title });
  svg.append(el('title', {}, title));
  rows.forEach((l, i) => {
    const y = i * rowH + 6;
    svg.append(
      el('text', { x: 0, y: y + 15, class: 'axis' }, l.name),
      el('rect', { x: x(l.salary.min), y, width: Math.max(2, x(l.salary.max) - x(l.salary.min)), height: rowH - 10, rx: 3, class: 'bar' }),
      el('text', { x: x(l.salary.max) + 6, y: y + 15, class: 'value' }, l.salary.label),
    );
  });
  svg.append(el('text', { x: left, y: height - 2, class: 'axis' }, '0'));
  return svg;
}
