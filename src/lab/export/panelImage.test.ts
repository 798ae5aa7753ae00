// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { panelToSvg } from './panelImage';

// jsdom lays nothing out: every element gets the box its data-box attribute gives (x,y,w,h),
// text gets the box of its element.
function boxOf(el: Element | null): DOMRect {
  const [x, y, w, h] = (el?.closest('[data-box]')?.getAttribute('data-box') ?? '0,0,0,0').split(',').map(Number);
  return { x, y, left: x, top: y, width: w, height: h, right: x + w, bottom: y + h, toJSON: () => ({}) };
}

describe('a panel exported as a picture', () => {
  beforeEach(() => {
    Element.prototype.getBoundingClientRect = function (this: Element) {
      return boxOf(this);
    };
    Range.prototype.getBoundingClientRect = function (this: Range) {
      return boxOf(this.startContainer instanceof Element ? this.startContainer : this.startContainer.parentElement);
    };
    document.body.innerHTML = `
      <section data-testid="panel" data-box="100,50,400,300">
        <h2 data-box="110,60,200,20">Path lengths</h2>
        <button data-box="400,60,80,20">Export</button>
        <p style="display:none" data-box="110,90,200,20">hidden hint</p>
        <div style="background-color: rgb(255, 0, 0)" data-box="120,100,10,10"></div>
        <svg data-box="110,120,380,200" viewBox="0 0 380 200"><path d="M0 0L10 10" class="series"/></svg>
      </section>`;
  });
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('is one SVG the size of the panel with its title, its chart and its coloured boxes, without buttons or hidden text', () => {
    const picture = panelToSvg(document.querySelector<HTMLElement>('[data-testid="panel"]')!);
    expect([picture.width, picture.height]).toEqual([400, 300]);
    // jsdom's XMLSerializer writes xmlns twice (browsers do not); the HTML parser reads it anyway.
    const svg = new DOMParser().parseFromString(picture.svg, 'text/html').querySelector('svg')!;
    expect(svg.getAttribute('viewBox')).toBe('0 0 400 300');
    const texts = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(texts).toContain('Path lengths');
    expect(texts).not.toContain('Export');
    expect(texts).not.toContain('hidden hint');
    // The title sits where it sat on screen, relative to the panel.
    const title = [...svg.querySelectorAll('text')].find((t) => t.textContent === 'Path lengths')!;
    expect(Number(title.getAttribute('x'))).toBe(10);
    // The red box, at its place.
    const red = [...svg.querySelectorAll('rect')].find((r) => r.getAttribute('fill') === 'rgb(255, 0, 0)')!;
    expect([red.getAttribute('x'), red.getAttribute('y'), red.getAttribute('width')]).toEqual(['20', '50', '10']);
    // The chart, placed where it was; its classes dropped (their styles are inlined: the page's stylesheet does not travel with the file).
    const chart = svg.querySelector('svg')!;
    expect([chart.getAttribute('x'), chart.getAttribute('y'), chart.getAttribute('width')]).toEqual(['10', '70', '380']);
    expect(chart.querySelector('path')!.getAttribute('d')).toBe('M0 0L10 10');
    expect(chart.querySelector('path')!.hasAttribute('class')).toBe(false);
  });
});
