/**
 * A panel as a standalone picture. The panels mix SVG (curves, histogram, core network), canvas
 * (gates, predictions) and HTML (titles, legends), so the panel is redrawn as one SVG: its title,
 * every SVG with its computed styles inlined (the page's stylesheet does not travel with the file),
 * every canvas as an embedded image, HTML text and coloured boxes at their on-screen positions.
 */
const SVG_NS = 'http://www.w3.org/2000/svg';
const STYLE_PROPS = [
  'fill',
  'fill-opacity',
  'stroke',
  'stroke-width',
  'stroke-dasharray',
  'stroke-opacity',
  'stroke-linecap',
  'opacity',
  'font-size',
  'font-family',
  'font-weight',
  'text-anchor',
  'dominant-baseline',
  'visibility',
  'display',
] as const;

export interface PanelPicture {
  svg: string;
  width: number;
  height: number;
}

export function panelToSvg(panel: HTMLElement): PanelPicture {
  const origin = panel.getBoundingClientRect();
  const width = Math.max(1, Math.ceil(origin.width));
  const height = Math.max(1, Math.ceil(origin.height));
  const doc = panel.ownerDocument;
  const root = doc.createElementNS(SVG_NS, 'svg');
  root.setAttribute('xmlns', SVG_NS);
  root.setAttribute('width', String(width));
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.appendChild(rect(doc, 0, 0, width, height, '#ffffff'));

  const place = (el: Element) => {
    const r = el.getBoundingClientRect();
    return { x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height };
  };

  const walk = (el: Element) => {
    const view = doc.defaultView!;
    const style = view.getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') return;
    if (el instanceof SVGSVGElement) {
      root.appendChild(inlineSvg(el, place(el)));
      return;
    }
    if (el instanceof HTMLCanvasElement) {
      const p = place(el);
      const image = doc.createElementNS(SVG_NS, 'image');
      image.setAttribute('x', String(p.x));
      image.setAttribute('y', String(p.y));
      image.setAttribute('width', String(p.w));
      image.setAttribute('height', String(p.h));
      image.setAttribute('preserveAspectRatio', 'none');
      image.setAttribute('href', el.toDataURL('image/png'));
      root.appendChild(image);
      return;
    }
    if (el instanceof HTMLButtonElement) return;
    const background = style.backgroundColor;
    if (el !== panel && background && !/rgba\(.*,\s*0\)$|transparent/.test(background)) {
      const p = place(el);
      const box = rect(doc, p.x, p.y, p.w, p.h, background);
      box.setAttribute('rx', String(parseFloat(style.borderTopLeftRadius) || 0));
      root.appendChild(box);
    }
    for (const node of el.childNodes) {
      if (node.nodeType === node.TEXT_NODE && node.textContent?.trim()) {
        root.appendChild(htmlText(doc, node as Text, style, origin));
      } else if (node instanceof Element) {
        walk(node);
      }
    }
  };
  walk(panel);
  return { svg: new XMLSerializer().serializeToString(root), width, height };
}

function inlineSvg(source: SVGSVGElement, p: { x: number; y: number; w: number; h: number }): SVGSVGElement {
  const clone = source.cloneNode(true) as SVGSVGElement;
  const view = source.ownerDocument.defaultView!;
  const originals = [source, ...source.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  originals.forEach((el, i) => {
    const computed = view.getComputedStyle(el);
    const declarations = STYLE_PROPS.map((prop) => `${prop}:${computed.getPropertyValue(prop)}`).join(';');
    // Through the CSSOM: the page's Content-Security-Policy refuses style attributes set as markup.
    (copies[i] as SVGElement).style.cssText = declarations;
    copies[i].removeAttribute('class');
  });
  clone.setAttribute('x', String(p.x));
  clone.setAttribute('y', String(p.y));
  clone.setAttribute('width', String(p.w));
  clone.setAttribute('height', String(p.h));
  return clone;
}

function htmlText(doc: Document, node: Text, style: CSSStyleDeclaration, origin: DOMRect): SVGTextElement {
  const range = doc.createRange();
  range.selectNodeContents(node);
  const r = range.getBoundingClientRect();
  const text = doc.createElementNS(SVG_NS, 'text');
  text.setAttribute('x', String(r.left - origin.left));
  text.setAttribute('y', String(r.top - origin.top + r.height * 0.78));
  text.setAttribute('fill', style.color);
  text.setAttribute('font-size', style.fontSize);
  text.setAttribute('font-family', style.fontFamily);
  text.setAttribute('font-weight', style.fontWeight);
  text.textContent = (node.textContent ?? '').replace(/\s+/g, ' ').trim();
  return text;
}

function rect(doc: Document, x: number, y: number, w: number, h: number, fill: string): SVGRectElement {
  const r = doc.createElementNS(SVG_NS, 'rect');
  r.setAttribute('x', String(x));
  r.setAttribute('y', String(y));
  r.setAttribute('width', String(w));
  r.setAttribute('height', String(h));
  r.setAttribute('fill', fill);
  return r;
}

/** Rasterizes the SVG at `scale` times its size (crisp on high-density screens and in slides). */
export function svgToPng(picture: PanelPicture, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(new Blob([picture.svg], { type: 'image/svg+xml' }));
    const image = new Image();
    image.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = Math.round(picture.width * scale);
      canvas.height = Math.round(picture.height * scale);
      const ctx = canvas.getContext('2d');
      if (!ctx) {
        URL.revokeObjectURL(url);
        reject(new Error('This browser cannot draw the picture (no 2-D canvas).'));
        return;
      }
      ctx.scale(scale, scale);
      ctx.drawImage(image, 0, 0, picture.width, picture.height);
      URL.revokeObjectURL(url);
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be encoded.'))), 'image/png');
    };
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('The panel picture could not be drawn.'));
    };
    image.src = url;
  });
}
