// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ViewTabs } from './ViewTabs';

afterEach(cleanup);

describe('ViewTabs', () => {
  it('puts a mark on the Compare tab while the lab is shown, and the tab still switches the view', () => {
    const onChange = vi.fn();
    render(<ViewTabs view="lab" onChange={onChange} marks={{ compare: '1 interrupted' }} />);
    const compare = screen.getByTestId('tab-compare');
    expect(compare.textContent).toBe('Compare & sweep1 interrupted');
    expect(compare.querySelector('.view-tab-mark')?.textContent).toBe('1 interrupted');
    expect(screen.getByTestId('tab-lab').querySelector('.view-tab-mark')).toBeNull();
    fireEvent.click(compare);
    expect(onChange).toHaveBeenCalledWith('compare');
  });

  it('shows no mark without one', () => {
    render(<ViewTabs view="lab" onChange={vi.fn()} />);
    expect(document.querySelector('.view-tab-mark')).toBeNull();
  });
});
