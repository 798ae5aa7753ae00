/** Runs a command's main and exits with its code; an unexpected failure is one line on stderr and exit 1. */
export function runCommand(main: () => number | Promise<number>): void {
  Promise.resolve().then(main).then(
    (code) => process.exit(code),
    (e: unknown) => {
      process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
