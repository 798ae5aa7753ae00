import { describe, expect, it } from 'vitest';
import { parseRunsImport } from '../export/runExport';
import { damagedFixtureFile, fixtureFile, NOW, piecesOf } from './importFixtures';
import { RunsFileReader } from './runsFileReader';

/** Feed the pieces, collecting the runs as they are given out, as the worker does. */
function readPieces(pieces: string[]) {
  const reader = new RunsFileReader(NOW);
  const runs = [];
  const checkedAfterPiece: number[] = [];
  for (const piece of pieces) {
    reader.feed(piece);
    runs.push(...reader.takeRuns());
    checkedAfterPiece.push(reader.runsChecked);
  }
  const summary = reader.finish();
  runs.push(...reader.takeRuns());
  return { summary, runs, checkedAfterPiece, reader };
}

describe('reading a runs file a chunk at a time', () => {
  it('gives the same runs and problems as reading it whole, however the text is cut', () => {
    for (const text of [fixtureFile(4), damagedFixtureFile()]) {
      const whole = parseRunsImport(text, NOW);
      for (const size of [1, 2, 7, 64, 1000, text.length]) {
        const { summary, runs } = readPieces(piecesOf(text, size));
        expect(runs).toEqual(whole.runs);
        expect(summary.problems).toEqual(whole.problems);
        expect(summary.refused).toBe(false);
        expect(summary.runsKept).toBe(whole.runs.length);
      }
    }
    // The damaged file: 4 runs listed, 2 kept; the skipped ones say why.
    const { summary } = readPieces([damagedFixtureFile()]);
    expect(summary).toMatchObject({ runsInFile: 4, runsKept: 2 });
    expect(summary.problems.join('\n')).toMatch(/Run 3 is not a run object; skipped[\s\S]*Run 4 "no config" has no config; skipped/);
  });

  it('checks runs as they arrive, not at the end', () => {
    const text = fixtureFile(20);
    const { checkedAfterPiece } = readPieces(piecesOf(text, Math.ceil(text.length / 10)));
    expect(checkedAfterPiece.at(-1)).toBe(20);
    // Every piece after the first few completes runs: the count grows along the file.
    expect(new Set(checkedAfterPiece).size).toBeGreaterThanOrEqual(9);
    expect(checkedAfterPiece).toEqual([...checkedAfterPiece].sort((a, b) => a - b));
  });

  it('reads a file whose format comes after its runs, checking the runs once it is known', () => {
    const file = JSON.parse(fixtureFile(3));
    const reordered = JSON.stringify({ runs: file.runs, kind: file.kind, formatVersion: file.formatVersion, format: file.format });
    const whole = parseRunsImport(reordered, NOW);
    const reader = new RunsFileReader(NOW);
    reader.feed(reordered.slice(0, reordered.indexOf('"kind"')));
    expect(reader.takeRuns()).toEqual([]);
    reader.feed(reordered.slice(reordered.indexOf('"kind"')));
    const summary = reader.finish();
    expect(reader.takeRuns()).toEqual(whole.runs);
    expect(summary).toMatchObject({ refused: false, runsKept: 3 });
  });

  it('refuses a file cut short, giving out nothing once it knows', () => {
    const text = fixtureFile(5);
    const { summary, runs } = readPieces(piecesOf(text.slice(0, Math.floor(text.length * 0.8)), 500));
    expect(summary.refused).toBe(true);
    expect(summary.problems).toEqual(['The file is not JSON (the file ends before its object does); nothing was imported.']);
    // Runs given out before the end are held by the page until the file is accepted (runsImport.ts).
    expect(runs.length).toBeLessThan(5);
    expect(summary.runsKept).toBe(0);
  });

  it('refuses broken JSON inside a run or between runs, naming where', () => {
    const text = fixtureFile(3);
    const brokenRun = text.replace('"finished": false', '"finished": nope');
    expect(readPieces(piecesOf(brokenRun, 100)).summary.problems[0]).toMatch(/^The file is not JSON \(run 2: .*\); nothing was imported\.$/s);
    const brokenList = text.replace(/\}\s*,\s*\{\s*"name": "run 2/, '} ; {"name": "run 2');
    expect(readPieces(piecesOf(brokenList, 100)).summary.problems[0]).toMatch(/^The file is not JSON \(unexpected ";" at character \d+\); nothing was imported\.$/);
    const trailing = readPieces([text, ' x']);
    expect(trailing.summary.refused).toBe(true);
    expect(trailing.summary.problems[0]).toMatch(/unexpected "x"/);
  });

  it('stops at once when the file says it is something else', () => {
    const reader = new RunsFileReader(NOW);
    reader.feed('{"format": "someone-elses", "runs": [');
    expect(reader.stopped).toBe(true);
    reader.feed('{"name": "never read"}]}');
    expect(reader.finish()).toEqual({ refused: true, runsInFile: 0, runsKept: 0, problems: [expect.stringMatching(/not a Nonlinear Lab run export \(format "someone-elses"/)] });
  });

  it('words the other refusals as reading the file whole does', () => {
    for (const text of ['', '   ', '[1, 2]', 'null', '"text"', 'not json {', '{"format": "nonlinear-lab-runs", "formatVersion": 1}', '{"formatVersion": 1, "runs": []}', '{"format": "nonlinear-lab-runs", "runs": 5}']) {
      const whole = parseRunsImport(text, NOW);
      const { summary, runs } = readPieces(piecesOf(text, 3));
      expect(runs, text).toEqual([]);
      expect(summary.refused, text).toBe(true);
      if (!/not json|^\s*$/.test(text)) expect(summary.problems, text).toEqual(whole.problems);
      else expect(summary.problems[0], text).toMatch(/^The file is not JSON/);
    }
  });

  it('accepts an empty list of runs, saying it lists none', () => {
    const { summary } = readPieces(['{"format": "nonlinear-lab-runs", "formatVersion": 1, "runs": [ ]}']);
    expect(summary).toEqual({ refused: false, runsInFile: 0, runsKept: 0, problems: ['The file lists no runs.'] });
  });
});
