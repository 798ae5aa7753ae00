// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { StatusLine } from './StatusBanner';

afterEach(cleanup);

const line = () => screen.getByTestId('status-line').textContent;

describe('StatusLine', () => {
  it('continues a message that starts with the state instead of repeating the word', () => {
    render(<StatusLine status="running" message="Training on WASM…" />);
    expect(line()).toBe('Training on WASM…');
    cleanup();
    render(<StatusLine status="paused" message="Paused at step 52." />);
    expect(line()).toBe('Paused at step 52.');
    cleanup();
    render(<StatusLine status="ready" message="Ready: MNIST on WASM." />);
    expect(line()).toBe('Ready: MNIST on WASM.');
  });

  it('keeps the state and the message apart otherwise', () => {
    render(<StatusLine status="ready" message="Back to step 0." />);
    expect(line()).toBe('Ready · Back to step 0.');
    cleanup();
    // "Ready" followed by more letters is another word, not the state.
    render(<StatusLine status="ready" message="Readying the data." />);
    expect(line()).toBe('Ready · Readying the data.');
    cleanup();
    render(<StatusLine status="starting" message="" />);
    expect(line()).toBe('Starting');
  });
});
