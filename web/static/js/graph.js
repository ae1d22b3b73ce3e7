// Graph drawing with Cytoscape.js (vendored, MIT): loaded only by the views
// that draw, so the role page does not pay for it. Cytoscape because it is
// one dependency-free file, is kept up (3.x since 2016), draws thousands of
// nodes on a canvas, has the layouts we need built in (breadthfirst for
// routes, concentric for neighbourhoods) and takes taps on nodes, which
// the explorer expands.
const palette = ['#2563eb', '#d97706', '#059669', '#db2777', '#7c3aed', '#0891b2', '#65a30d', '#dc2626', '#4b5563', '#9333ea'];

export function routeColor(i) {
  return palette[i % palette.length];
}

const style = [
  { selector: 'node', style: { label: 'data(label)', 'font-size': 11, 'text-wrap': 'wrap', 'text-max-width': 120, 'text-valign': 'bottom', 'text-margin-y': 4, 'background-color': '#94a3b8', width: 18, height: 18, color: '#1f2937' } },
  { selector: 'node.start', style: { 'background-color': '#0f766e', width: 24, height: 24 } },
  { selector: 'node.target', style: { 'background-color': '#b91c1c', width: 24, height: 24 } },
  { selector: 'node.center', style: { 'background-color': '#1d4ed8', width: 26, height: 26 } },
  { selector: 'node.similar', style: { shape: 'diamond', 'background-color': '#a78bfa' } },
  { selector: 'node.expanded', style: { 'border-width': 2, 'border-color': '#1d4ed8' } },
  { selector: 'edge', style: { width: 2, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'line-color': 'data(color)', 'target-arrow-color': 'data(color)', opacity: 0.85 } },
  { selector: 'edge.similar', style: { 'line-style': 'dashed', 'target-arrow-shape': 'none' } },
];

let lib;
async function cytoscape() {
  lib ??= (await import('/assets/vendor/cytoscape-3.34.4.esm.min.mjs')).default;
  return lib;
}

export async function draw(container, elements, layout) {
  const cy = (await cytoscape())({
    container, elements, style, layout, minZoom: 0.2, maxZoom: 3,
  });
  return cy;
}
