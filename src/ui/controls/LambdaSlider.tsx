import { formatLambda } from '../format';
import { LAMBDA_POSITIONS, lambdaFromPosition, positionFromLambda } from '../scales';

/** The λ dial on its log scale of positions: the sidebar's and the phone dock's are this one. */
export function LambdaSlider({ lambda, onLambda, id, testId }: { lambda: number; onLambda: (lambda: number) => void; id: string; testId: string }) {
  return (
    <input
      id={id}
      className="lambda-slider"
      type="range"
      min={0}
      max={LAMBDA_POSITIONS}
      step={1}
      value={positionFromLambda(lambda)}
      aria-valuetext={`lambda ${formatLambda(lambda)}`}
      data-testid={testId}
      data-field="prior.lambda"
      onChange={(e) => onLambda(lambdaFromPosition(Number(e.target.value)))}
    />
  );
}
