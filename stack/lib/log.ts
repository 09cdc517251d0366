// Console output of the stack tooling: short, prefixed lines; errors without stack traces.

const colour = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (colour ? `\x1b[${code}m${text}\x1b[0m` : text);

export const log = {
  step: (msg: string) => console.log(`${paint(36, "›")} ${msg}`),
  ok: (msg: string) => console.log(`${paint(32, "✓")} ${msg}`),
  warn: (msg: string) => console.warn(`${paint(33, "!")} ${msg}`),
  error: (msg: string) => console.error(`${paint(31, "✗")} ${msg}`),
  plain: (msg: string) => console.log(msg),
};

/** An error whose message is meant for the person running the command, printed without a stack. */
export class StackError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = "StackError";
  }
}

/** Runs a command's main function; any failure becomes one clear message and exit code 1. */
export async function runMain(main: () => Promise<unknown>): Promise<void> {
  try {
    const code = await main();
    if (typeof code === "number") process.exitCode = code;
  } catch (err) {
    if (err instanceof StackError) {
      log.error(err.message);
      if (err.hint) log.plain(`  ${err.hint}`);
    } else {
      log.error(err instanceof Error ? err.message : String(err));
      if (process.env.GATHERHUB_DEBUG) console.error(err);
    }
    process.exitCode = 1;
  }
}
