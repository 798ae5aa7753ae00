/**
 * Renders the lab into the page. Its own module so that main.tsx can start the training worker
 * before React and the panels (most of the page's script) load and run: see main.tsx.
 */
import { createRoot } from 'react-dom/client';
import { SharedLab, type SharedLabProps } from './SharedLab';

export function renderSharedLab(container: HTMLElement, props: SharedLabProps): void {
  createRoot(container).render(<SharedLab {...props} />);
}
