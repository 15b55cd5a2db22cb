// Drawing helpers of the space-time diagram: the standalone SVG export. What the diagram draws for
// a time window (arrows, marks) is computed by the store (src/store/spacetime.ts, `useSpaceTime`).

export type { Arrow, Mark, MarkKind, MsgEnd, WindowItems } from '../../store';

/** A standalone SVG document of the diagram (styles inlined), for "Export SVG". */
export function serializeSvg(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = EXPORT_CSS;
  clone.insertBefore(style, clone.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

export const EXPORT_CSS = `
text { font: 11px system-ui, sans-serif; fill: #1d2330; }
.st-lane { stroke: #c8ccd4; }
.st-arrow line { stroke-width: 1.3; }
.st-arrow.flight line { stroke-dasharray: 4 3; }
.st-arrow.dup line { stroke-dasharray: 1 2; }
.st-drop { fill: #c0392b; font-weight: 700; }
.st-cursor { stroke: #d62728; stroke-width: 1.5; }
`;
