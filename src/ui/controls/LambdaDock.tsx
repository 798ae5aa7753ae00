import { memo } from 'react';
import { formatLambda } from '../format';
import { LambdaSlider } from './LambdaSlider';

/**
 * λ at the bottom of a phone's screen. On a phone the controls come after the panels, so the
 * sidebar's dial is out of sight of the gates it moves; this one stays in view (shown by
 * responsive.css below 820 px only) and changes the same setting.
 */
export const LambdaDock = memo(function LambdaDock({ lambda, onLambda }: { lambda: number; onLambda: (lambda: number) => void }) {
  return (
    <div className="lambda-dock" role="group" aria-label="Pressure λ" data-testid="lambda-dock">
      <label htmlFor="lambda-dock-slider">λ</label>
      <LambdaSlider id="lambda-dock-slider" lambda={lambda} onLambda={onLambda} testId="lambda-dock-slider" />
      <span className="lambda-dock-value" data-testid="lambda-dock-value">
        {formatLambda(lambda)}
      </span>
    </div>
  );
});
