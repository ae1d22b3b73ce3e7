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
  // In a crowded neighbourhood only the centre and expanded roles are named
  // until a role is hovered or focused, so labels do not pile up.
  { selector: 'node.minor', style: { 'text-opacity': 0 } },
  { selector: 'node.minor.expanded, node.hover, node.focused', style: { 'text-opacity': 1, 'z-index': 10, 'text-background-color': '#fff', 'text-background-opacity': 0.9, 'text-background-padding': 2 } },
  { selector: 'node.focused', style: { 'border-width': 3, 'border-color': '#f59e0b' } },
];

let lib;
async function cytoscape() {
  lib ??= (await import('/assets/vendor/cytoscape-3.34.4.esm.min.mjs')).default;
  return lib;
}

// draw renders elements in container. The container takes keyboard focus:
// the arrows move from node to node (left to right, top to bottom), the
// focused node's name is announced, Enter calls onEnter(node). On a touch
// screen a swipe over the graph scrolls the page until the graph is tapped
// once (engaged): a shield covers it until then.
export async function draw(container, elements, layout, { label, onEnter, hint } = {}) {
  const cy = (await cytoscape())({
    container, elements, style, layout, minZoom: 0.2, maxZoom: 3,
  });
  cy.on('mouseover', 'node', (e) => e.target.addClass('hover'));
  cy.on('mouseout', 'node', (e) => e.target.removeClass('hover'));
  const box = container.parentElement;
  const status = document.createElement('p');
  status.className = 'sr-only';
  status.setAttribute('aria-live', 'polite');
  box.append(status);
  container.tabIndex = 0;
  container.setAttribute('role', 'application');
  container.setAttribute('aria-roledescription', 'graph');
  if (label) container.setAttribute('aria-label', label);
  let at = -1;
  const order = () => cy.nodes().sort((a, b) => a.position('y') - b.position('y') || a.position('x') - b.position('x'));
  const focus = (i) => {
    const nodes = order();
    if (!nodes.length) return;
    at = (i + nodes.length) % nodes.length;
    cy.nodes('.focused').removeClass('focused');
    const n = nodes[at].addClass('focused');
    status.textContent = `${n.data('label')} (${at + 1}/${nodes.length})`;
  };
  container.addEventListener('keydown', (e) => {
    if (['ArrowRight', 'ArrowDown'].includes(e.key)) focus(at + 1);
    else if (['ArrowLeft', 'ArrowUp'].includes(e.key)) focus(at - 1);
    else if (e.key === 'Home') focus(0);
    else if (e.key === 'End') focus(-1);
    else if (e.key === 'Enter' && at >= 0 && onEnter) onEnter(order()[at]);
    else return;
    e.preventDefault();
  });
  container.addEventListener('blur', () => cy.nodes('.focused').removeClass('focused'));
  if (window.matchMedia('(pointer: coarse)').matches) {
    const shield = document.createElement('button');
    shield.type = 'button';
    shield.className = 'graph-shield';
    shield.textContent = hint || '';
    shield.style.height = `${container.clientHeight}px`;
    shield.addEventListener('click', () => shield.remove());
    box.style.position = 'relative';
    box.append(shield);
  }
  return cy;
}
