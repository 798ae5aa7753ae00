// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LabStatus } from '../lab/labApi';
import { StatusLine } from './StatusBanner';

afterEach(cleanup);

const line = () => screen.getByTestId('status-line').textContent;

describe('StatusLine', () => {
  it.each<[LabStatus, string, string]>([
    ['running', 'Training on WASM…', 'Training on WASM…'],
    ['paused', 'Paused at step 52.', 'Paused at step 52.'],
    ['ready', 'Ready: MNIST on WASM.', 'Ready: MNIST on WASM.'],
  ])('continues a message that starts with the state instead of repeating the word (%s)', (status, message, shown) => {
    render(<StatusLine status={status} message={message} />);
    expect(line()).toBe(shown);
  });

  it.each<[LabStatus, string, string]>([
    ['ready', 'Back to step 0.', 'Ready · Back to step 0.'],
    // "Ready" followed by more letters is another word, not the state.
    ['ready', 'Readying the data.', 'Ready · Readying the data.'],
    ['starting', '', 'Starting'],
  ])('keeps the state and the message apart otherwise (%s: "%s")', (status, message, shown) => {
    render(<StatusLine status={status} message={message} />);
    expect(line()).toBe(shown);
  });
});
