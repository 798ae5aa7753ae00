/**
 * Reads a runs export (export/runExport.ts) as its text arrives, a chunk at a time: a small scanner
 * walks the top-level object, cuts each element of its "runs" list out and parses it alone, and
 * checks it with the same functions as parseRunsImport. So the import worker can say how far it got
 * and stop at once, and a truncated or broken file is found before anything is stored: the runs
 * are given out as they are checked, but the file is only accepted by finish().
 */
import { checkExportHeader, NO_RUNS, NO_RUNS_LIST, parseRunsImport, readExportedRun, type ImportedRun } from '../export/runExport';

export interface RunsFileSummary {
  /** Nothing of the file may be imported: it is not JSON, not a run export, or has no list of runs. */
  refused: boolean;
  /** Every problem found, as parseRunsImport words them; the first says why when refused. */
  problems: string[];
  /** Elements of the file's list of runs. */
  runsInFile: number;
  /** Runs that passed the checks (the rest were skipped, each with a problem saying why). */
  runsKept: number;
}

type Mode =
  | 'begin' // before the top-level '{'
  | 'key' // a key, or '}' right after '{'
  | 'colon'
  | 'value' // a top-level value
  | 'next' // ',' or '}' after a top-level value
  | 'element' // an element of the runs list, or ']' right after '['
  | 'nextElement' // ',' or ']' after an element
  | 'end' // only whitespace after the closing '}'
  | 'whole' // not an object: kept whole for parseRunsImport's own words
  | 'stopped'; // refused or broken: the rest is not read

/** A JSON value being cut out of the text, resumable across chunks. */
interface ValueScan {
  start: number;
  kind: 'string' | 'container' | 'scalar';
  depth: number;
  inString: boolean;
  escaped: boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export class RunsFileReader {
  private buffer = '';
  /** Characters dropped from the front of the buffer so far (for positions in messages). */
  private dropped = 0;
  private pos = 0;
  private mode: Mode = 'begin';
  private first = true;
  private key = '';
  private scan: ValueScan | null = null;
  /** The file's fields other than its runs. */
  private readonly header: Record<string, unknown> = {};
  private sawRunsList = false;
  private formatChecked = false;
  /** Elements read before the file said its format: checked once it has. */
  private unchecked: unknown[] = [];
  private elements = 0;
  private checked = 0;
  private kept = 0;
  private ready: ImportedRun[] = [];
  private readonly runProblems: string[] = [];
  private failure: string[] | null = null;

  /** `now`: the import's time, for runs whose file gives no creation time. */
  constructor(private readonly now: number) {}

  /** Runs checked so far (kept or skipped). */
  get runsChecked(): number {
    return this.checked;
  }

  /** The rest of the file need not be read: it was refused or is not JSON. */
  get stopped(): boolean {
    return this.mode === 'stopped';
  }

  feed(text: string): void {
    if (this.mode === 'stopped') return;
    this.buffer += text;
    if (this.mode !== 'whole') this.advance(false);
    this.compact();
  }

  /** The runs checked and kept since the last call, in file order. */
  takeRuns(): ImportedRun[] {
    const runs = this.ready;
    this.ready = [];
    return runs;
  }

  /** The file has been read to its end: whether it may be imported, and its problems. */
  finish(): RunsFileSummary {
    if (this.mode === 'begin' || this.mode === 'whole') {
      // Not an object (or empty): parseRunsImport says which, in its own words.
      return this.summary(true, parseRunsImport(this.buffer, this.now).problems);
    }
    if (this.mode !== 'stopped') {
      this.advance(true);
      const after = this.mode as Mode;
      if (after !== 'end' && after !== 'stopped') this.fail('the file ends before its object does');
    }
    if (this.failure) return this.summary(true, this.failure);
    const { problems, refused } = checkExportHeader(this.header);
    if (refused) return this.summary(true, problems);
    if (!this.sawRunsList) return this.summary(true, [...problems, NO_RUNS_LIST]);
    this.checkHeld();
    return this.summary(false, [...problems, ...this.runProblems, ...(this.elements === 0 ? [NO_RUNS] : [])]);
  }

  private summary(refused: boolean, problems: string[]): RunsFileSummary {
    if (refused) this.ready = [];
    return { refused, problems, runsInFile: this.elements, runsKept: refused ? 0 : this.kept };
  }

  private advance(atEnd: boolean): void {
    const text = this.buffer;
    while (this.mode !== 'stopped') {
      if (this.scan) {
        const end = this.scanValue(atEnd);
        if (end < 0) return;
        const start = this.scan.start;
        this.scan = null;
        this.pos = end;
        this.onValue(text.slice(start, end), start);
        continue;
      }
      while (this.pos < text.length && isSpace(text.charCodeAt(this.pos))) this.pos++;
      if (this.pos >= text.length) return;
      const c = text[this.pos];
      switch (this.mode) {
        case 'begin':
          if (c !== '{') {
            this.mode = 'whole';
            return;
          }
          this.pos++;
          this.mode = 'key';
          this.first = true;
          break;
        case 'key':
          if (c === '}' && this.first) {
            this.pos++;
            this.mode = 'end';
          } else if (c === '"') this.startValue();
          else return this.unexpected(c);
          break;
        case 'colon':
          if (c !== ':') return this.unexpected(c);
          this.pos++;
          this.mode = 'value';
          break;
        case 'value':
          if (this.key === 'runs' && c === '[') {
            this.pos++;
            this.sawRunsList = true;
            delete this.header.runs;
            this.mode = 'element';
            this.first = true;
          } else this.startValue();
          break;
        case 'next':
        case 'nextElement': {
          const close = this.mode === 'next' ? '}' : ']';
          if (c === ',') this.mode = this.mode === 'next' ? 'key' : 'element';
          else if (c === close) this.mode = this.mode === 'next' ? 'end' : 'next';
          else return this.unexpected(c);
          this.pos++;
          this.first = false;
          break;
        }
        case 'element':
          if (c === ']' && this.first) {
            this.pos++;
            this.mode = 'next';
          } else this.startValue();
          break;
        case 'end':
          return this.unexpected(c);
        default:
          return;
      }
    }
  }

  private startValue(): void {
    const c = this.buffer[this.pos];
    const kind = c === '"' ? 'string' : c === '{' || c === '[' ? 'container' : 'scalar';
    this.scan = { start: this.pos, kind, depth: 0, inString: false, escaped: false };
  }

  /** Where the value being scanned ends (exclusive), or -1 when its end has not arrived yet. */
  private scanValue(atEnd: boolean): number {
    const s = this.scan!;
    const text = this.buffer;
    let i = this.pos;
    if (s.kind === 'scalar') {
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 0x2c || c === 0x5d || c === 0x7d || isSpace(c)) return i;
      }
      this.pos = i;
      return atEnd ? i : -1;
    }
    if (i === s.start) {
      // The opening quote or bracket.
      if (s.kind === 'string') s.inString = true;
      else s.depth = 1;
      i++;
    }
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (s.inString) {
        if (s.escaped) s.escaped = false;
        else if (c === BACKSLASH) s.escaped = true;
        else if (c === QUOTE) {
          s.inString = false;
          if (s.kind === 'string') return i + 1;
        }
      } else if (c === QUOTE) s.inString = true;
      else if (c === 0x7b || c === 0x5b) s.depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (--s.depth === 0) return i + 1;
      }
    }
    this.pos = i;
    return -1;
  }

  private onValue(raw: string, start: number): void {
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      const where = this.mode === 'element' ? `run ${this.elements + 1}` : `at character ${this.dropped + start + 1}`;
      this.fail(`${where}: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (this.mode === 'key') {
      this.key = value as string;
      this.mode = 'colon';
    } else if (this.mode === 'value') {
      this.header[this.key] = value;
      if (this.key === 'runs') this.sawRunsList = false;
      this.mode = 'next';
      if (this.key === 'format') this.onFormat();
    } else if (this.mode === 'element') {
      const index = this.elements++;
      if (this.formatChecked) this.check(value, index);
      else this.unchecked.push(value);
      this.mode = 'nextElement';
    }
  }

  /** The file said its format: refuse it now if it is not a run export, else check the runs held so far. */
  private onFormat(): void {
    const { problems, refused } = checkExportHeader(this.header);
    if (refused) {
      this.failure = problems;
      this.stop();
      return;
    }
    this.formatChecked = true;
    this.checkHeld();
  }

  private checkHeld(): void {
    const held = this.unchecked;
    this.unchecked = [];
    const first = this.elements - held.length;
    held.forEach((raw, i) => this.check(raw, first + i));
  }

  private check(raw: unknown, index: number): void {
    const run = readExportedRun(raw, index, this.now, this.runProblems);
    this.checked++;
    if (run) {
      this.kept++;
      this.ready.push(run);
    }
  }

  private unexpected(c: string): void {
    this.fail(`unexpected ${JSON.stringify(c)} at character ${this.dropped + this.pos + 1}`);
  }

  private fail(detail: string): void {
    this.failure = [`The file is not JSON (${detail}); nothing was imported.`];
    this.stop();
  }

  private stop(): void {
    this.mode = 'stopped';
    this.scan = null;
    this.unchecked = [];
    this.ready = [];
    this.buffer = '';
    this.pos = 0;
  }

  /** Drop what has been read, keeping the value still being cut out. */
  private compact(): void {
    if (this.mode === 'whole' || this.mode === 'stopped') return;
    const keep = this.scan ? this.scan.start : this.pos;
    if (keep === 0) return;
    this.buffer = this.buffer.slice(keep);
    this.dropped += keep;
    this.pos -= keep;
    if (this.scan) this.scan.start = 0;
  }
}
