/**
 * The Python that runs exported PyTorch scripts in tests: $PYTHON, else Debian's /usr/bin/python3
 * (where python3-torch installs), else python3 on the PATH. No torch is a failure with the fix in
 * the message, never a skipped test: .ci/run installs python3-torch.
 */
import { spawnSync } from 'node:child_process';

let found: string | null = null;

export function pythonWithTorch(): string {
  if (found) return found;
  const candidates = [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => Boolean(c));
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
    if (probe.status === 0) return (found = python);
  }
  throw new Error(
    `No Python with PyTorch found (tried ${candidates.join(', ')}): install Debian's python3-torch ` +
      '(apt-get install -y python3-torch; .ci/run does) or set PYTHON to a python3 that can import torch and numpy.',
  );
}
