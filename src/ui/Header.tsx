import type { BackendInfo } from '../engine/training/snapshot';

export function Header({ backend }: { backend: BackendInfo | null }) {
  return (
    <div className="brand">
      <Logo />
      <div>
        <h1>Nonlinear Lab</h1>
        <p className="tagline">Push a network's units toward linear and watch how little nonlinearity it needs.</p>
      </div>
      <BackendBadge backend={backend} />
    </div>
  );
}

export function BackendBadge({ backend }: { backend: BackendInfo | null }) {
  const detail = backend?.attempts.map((a) => `${a.name}: ${a.ok ? 'ok' : 'failed'} – ${a.detail}`).join('\n');
  return (
    <div className="backend-badge" data-testid="backend-badge" title={detail || undefined}>
      <span className={`backend-name ${backend ? `backend-${backend.name}` : ''}`}>{backend ? backend.name : '…'}</span>
      <span className="backend-reason">{backend ? backend.reason : 'choosing a compute backend'}</span>
    </div>
  );
}

function Logo() {
  return (
    <svg className="logo" viewBox="0 0 64 64" width={34} height={34} aria-hidden="true">
      <rect width="64" height="64" rx="14" fill="#3d1a6e" />
      <path d="M10 44 L30 44 L54 16" fill="none" stroke="#f29e6b" strokeWidth="6" strokeLinecap="round" strokeLinejoin="round" />
      <path d="M10 50 L54 22" fill="none" stroke="#fbe3d4" strokeWidth="3" strokeLinecap="round" strokeDasharray="4 5" opacity="0.8" />
    </svg>
  );
}
