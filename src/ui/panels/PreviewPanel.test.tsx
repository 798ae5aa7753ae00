// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { schemeTableau10 } from 'd3-scale-chromatic';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { imagesFixture, planeFixture } from '../testFixtures';
import { stubCanvas } from '../testDom';
import { PreviewPanel } from './PreviewPanel';
import { confidenceAlpha, decisionRaster, imageRaster, planeToPixel } from './previewModel';

beforeAll(stubCanvas);
afterEach(cleanup);

/** "#rrggbb" -> [r, g, b], read here rather than through the code under test. */
const hexRgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));

describe('decision boundary', () => {
  it('colours each cell by predicted class with confidence as alpha', () => {
    const rgba = Array.from(decisionRaster(planeFixture));
    // Cell 0: class 0, certain -> alpha 0.75.
    expect(rgba.slice(0, 4)).toEqual([...hexRgb(schemeTableau10[0]), Math.round(255 * 0.75)]);
    // Cell 1: class 1 at chance (0.5 of 2 classes) -> faint 0.1.
    expect(rgba.slice(4, 8)).toEqual([...hexRgb(schemeTableau10[1]), Math.round(255 * 0.1)]);
    // Cell 2: class 0 at 0.75 = halfway between chance and certain -> 0.1 + 0.65 / 2.
    expect(rgba[11]).toBe(Math.round(255 * 0.425));
  });

  it('scales alpha above chance for any number of classes', () => {
    expect(confidenceAlpha(0.25, 4)).toBeCloseTo(0.1);
    expect(confidenceAlpha(1, 4)).toBeCloseTo(0.75);
    expect(confidenceAlpha(0.1, 4)).toBeCloseTo(0.1);
  });

  it('puts data coordinates on the canvas with y up', () => {
    expect(planeToPixel(planeFixture, 200, -1, 1)).toEqual([0, 0]);
    expect(planeToPixel(planeFixture, 200, 0.5, -0.5)).toEqual([150, 150]);
  });
});

describe('image predictions', () => {
  it('draws dark ink on white from 0..255 pixels', () => {
    const rgba = Array.from(imageRaster([0, 255, 127.5, 0], 2, 2));
    expect(rgba.slice(0, 4)).toEqual([255, 255, 255, 255]);
    expect(rgba.slice(4, 8)).toEqual([0, 0, 0, 255]);
    expect(rgba[8]).toBe(128);
  });

  it('reads 0..1 pixels too', () => {
    expect(Array.from(imageRaster([1, 0], 2, 1)).slice(0, 8)).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });

  it('shows each image with its prediction and marks the wrong ones', () => {
    render(<PreviewPanel preview={imagesFixture} classNames={imagesFixture.classNames} />);
    const items = screen.getAllByTestId('preview-image');
    expect(items).toHaveLength(3);
    expect(items.map((i) => i.getAttribute('data-correct'))).toEqual(['true', 'false', 'true']);
    expect(items[1].textContent).toBe('✗ twotrue: one');
    expect(items[0].textContent).toBe('zero');
    expect(screen.getByText('2 of 3 right')).toBeTruthy();
  });

  it('shows the plane view for 2-D tasks with a legend per class', () => {
    render(<PreviewPanel preview={planeFixture} classNames={['arm 0', 'arm 1']} />);
    expect(screen.getByTestId('preview-plane').textContent).toContain('arm 1');
  });

  it('gives class i the i-th Tableau 10 colour in the legend', () => {
    render(<PreviewPanel preview={{ ...planeFixture, numClasses: 3 }} classNames={['arm 0', 'arm 1', 'arm 2']} />);
    const swatches = [...screen.getByTestId('preview-plane').querySelectorAll<HTMLElement>('.legend .swatch')];
    expect(swatches.map((s) => s.style.background)).toEqual(schemeTableau10.slice(0, 3).map((c) => `rgb(${hexRgb(c).join(', ')})`));
  });
});
