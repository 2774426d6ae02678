/** Runs a CLI command in process with captured output (the `runX(argv, io)` functions of src/cli). */
import { Readable, Writable } from 'node:stream';
import type { CommandIO } from '../../src/cli/extract-command.js';

export type Command = (argv: readonly string[], io: CommandIO) => Promise<number>;

export async function runCommand(
  command: Command,
  argv: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) =>
    new Writable({
      write(chunk: Buffer, _enc, done) {
        into.push(chunk.toString('utf8'));
        done();
      },
    });
  const code = await command(argv, { stdout: sink(out), stderr: sink(err), stdin: Readable.from([]) });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** JSON Lines output, parsed. */
export const jsonLinesOf = <T>(text: string): T[] =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);
