// `gotrace`: the command-line entry point. Each subcommand lives in
// commands/; this file only dispatches and maps failures to exit codes.
//
// Exit codes: 0 success, 1 nothing readable (or a usage error), 2 partly
// readable (the trace was damaged or truncated after some complete data).

import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import { LoadError } from '../node/load-trace';
import { relaunch, shouldRelaunch } from '../node/malloc-tuning';

// Each command's module is loaded only when it runs: loading all of them
// (the server, the app, protobufjs...) took ~35 ms of every run's start.
const commands = {
  dump: () => require('./commands/dump') as typeof import('./commands/dump'),
  analyze: () => require('./commands/analyze') as typeof import('./commands/analyze'),
  index: () => require('./commands/index') as typeof import('./commands/index'),
  open: () => require('./commands/open') as typeof import('./commands/open'),
  serve: () => require('./commands/serve') as typeof import('./commands/serve'),
  pprof: () => require('./commands/pprof') as typeof import('./commands/pprof'),
};

export const EXIT_OK = 0;
export const EXIT_UNREADABLE = 1;
export const EXIT_PARTIAL = 2;

const HELP = `gotrace: a viewer and analyzer for Go runtime execution traces (Go 1.11 to 1.27)

Usage:
  gotrace [TRACE | URL]           open the desktop app (the browser when Electron is not installed)
  gotrace serve [TRACE | URL] [--port N] [--no-open]
                                  serve the app to your browser on 127.0.0.1 until Ctrl+C
  gotrace dump TRACE              print every event as \`go tool trace -d=parsed\` (Go 1.27) does
  gotrace analyze TRACE [--json]  goroutine analysis: groups, blocking, GC/STW, MMU
  gotrace index TRACE [--json]    build the timeline index; print its statistics (size, time, memory)
  gotrace pprof TYPE TRACE -o FILE  write a pprof profile: net, sync, syscall, sched (as go tool trace -pprof), cpu
  gotrace help [COMMAND]          this help, or a command's

TRACE is a trace file written by runtime/trace, \`go test -trace\` or
/debug/pprof/trace, optionally gzip-compressed.

Exit status: 0 success, 1 nothing readable, 2 partly readable (damaged or
truncated trace: the complete part is processed and the error is reported).
`;

const COMMAND_HELP: Record<string, string> = {
  pprof: `Usage: gotrace pprof TYPE TRACE -o FILE [--period DURATION]

Writes a gzipped pprof profile (open it with \`go tool pprof FILE\`). TYPE:
  net       network blocking: time goroutines waited on the network
  sync      synchronization blocking: channels, select, sync.Mutex/Cond/WaitGroup...
  syscall   time goroutines spent in system calls
  sched     scheduler latency: time goroutines were runnable but not running
  cpu       the trace's CPU samples (runtime/pprof CPU profiling during tracing)
net, sync, syscall and sched are exactly what Go 1.27's
\`go tool trace -pprof=TYPE TRACE\` writes (every goroutine, stacks at the
start of each interval; sample types contentions/count and delay/nanoseconds).
cpu has one sample per distinct stack: samples/count, plus cpu/nanoseconds
with --period.

  -o, --output FILE    where to write the profile (atomically; never the trace)
  --period DURATION    cpu: the sampling period (e.g. 10ms, runtime/pprof's
                       default; the trace does not record it)
`,
  open: `Usage: gotrace [open] [TRACE | URL]

Opens the desktop app (Electron) on TRACE, or on the start page without
one. URL (http://HOST:PORT/debug/pprof/trace?seconds=N) captures a trace
from a live program first. When Electron's binary is not installed, serves
the app to your browser instead (as \`gotrace serve\` does).
`,
  serve: `Usage: gotrace serve [TRACE | URL] [--port N] [--no-open]

Serves the app to a web browser: listens on 127.0.0.1 only (port N, or a
free one), prints the URL to open (it contains a random token; requests
without it are refused) and opens the system browser. Runs until Ctrl+C.
Without TRACE the page shows the start page (open a file from there).

  --port N    listen on port N (default: a free port)
  --no-open   do not start a browser; just print the URL
`,
  dump: `Usage: gotrace dump TRACE

Prints every event of the trace, in Go's order, one per line exactly as
\`go tool trace -d=parsed\` of Go 1.27 prints it (stacks on the lines that
follow an event). On a malformed trace, prints the events read before the
problem, then the error (file, byte offset, what was expected) on stderr.
`,
  analyze: `Usage: gotrace analyze TRACE [--json]

Summarizes the trace with the semantics of Go 1.27's internal/trace:
goroutine groups by start function (execution, scheduler wait, blocking by
reason, syscalls), the goroutines that were blocked longest, GC and
stop-the-world pauses, and minimum mutator utilization (MMU).

  --json   print the stable JSON object instead (see README: analyze --json)
`,
  index: `Usage: gotrace index TRACE [--json] [--progress] [--goroutines]

Builds the timeline index the app builds (every lane's spans, counters,
flow links and stacks) and prints its statistics: lanes and spans by kind,
links, instants, bytes per structure, build time and the process's peak
memory (RSS) relative to the file size.

  --json         print the statistics as one JSON object
  --progress     report progress on stderr while building
  --goroutines   print, instead, one JSON line per goroutine (by id) with its
                 lane's time by state as Go's goroutine analysis counts it:
                 {"id", "name", "exec_ns", "sched_wait_ns", "syscall_ns",
                 "syscall_block_ns", "block_by_reason": {reason: ns}}
                 (the statistics then go to stderr)
`,
};

export function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case undefined:
        return background(commands.open().runOpen(undefined));
      case 'help':
      case '--help':
      case '-h': {
        const topic = rest[0];
        process.stdout.write(topic && COMMAND_HELP[topic] ? COMMAND_HELP[topic] : HELP);
        return EXIT_OK;
      }
      case 'dump': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { help: { type: 'boolean', short: 'h' } } });
        if (values.help) return usage('dump', EXIT_OK);
        if (positionals.length !== 1) return usage('dump', EXIT_UNREADABLE, 'expected exactly one TRACE file');
        return commands.dump().runDump(positionals[0]!);
      }
      case 'analyze': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          strict: true,
          options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
        });
        if (values.help) return usage('analyze', EXIT_OK);
        if (positionals.length !== 1) return usage('analyze', EXIT_UNREADABLE, 'expected exactly one TRACE file');
        return commands.analyze().runAnalyze(positionals[0]!, { json: values.json === true });
      }
      case 'index': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          strict: true,
          options: { json: { type: 'boolean' }, progress: { type: 'boolean' }, goroutines: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
        });
        if (values.help) return usage('index', EXIT_OK);
        if (positionals.length !== 1) return usage('index', EXIT_UNREADABLE, 'expected exactly one TRACE file');
        return commands.index().runIndex(positionals[0]!, { json: values.json === true, progress: values.progress === true, goroutines: values.goroutines === true });
      }
      case 'pprof': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          strict: true,
          options: { output: { type: 'string', short: 'o' }, period: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        });
        if (values.help) return usage('pprof', EXIT_OK);
        if (positionals.length !== 2) return usage('pprof', EXIT_UNREADABLE, 'expected a profile TYPE and one TRACE file');
        const type = positionals[0]!;
        const pprof = commands.pprof();
        if (!pprof.isProfileType(type)) return usage('pprof', EXIT_UNREADABLE, `unknown profile type ${JSON.stringify(type)}`);
        if (values.output === undefined || values.output === '') return usage('pprof', EXIT_UNREADABLE, 'expected -o FILE');
        let periodNs: number | null = null;
        if (values.period !== undefined) {
          periodNs = pprof.parseDurationNs(values.period);
          if (periodNs === null) return usage('pprof', EXIT_UNREADABLE, `--period: expected a duration such as 10ms, found ${JSON.stringify(values.period)}`);
        }
        return pprof.runPprof(type, positionals[1]!, { output: values.output, periodNs });
      }
      case 'open': {
        const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { help: { type: 'boolean', short: 'h' } } });
        if (values.help) return usage('open', EXIT_OK);
        if (positionals.length > 1) return usage('open', EXIT_UNREADABLE, 'expected at most one TRACE file or URL');
        return background(commands.open().runOpen(positionals[0]));
      }
      case 'serve': {
        const { values, positionals } = parseArgs({
          args: rest,
          allowPositionals: true,
          strict: true,
          options: { port: { type: 'string' }, 'no-open': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
        });
        if (values.help) return usage('serve', EXIT_OK);
        if (positionals.length > 1) return usage('serve', EXIT_UNREADABLE, 'expected at most one TRACE file or URL');
        const port = values.port === undefined ? 0 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) return usage('serve', EXIT_UNREADABLE, `--port: expected a port number from 0 to 65535, found ${JSON.stringify(values.port)}`);
        return background(commands.serve().runServe(positionals[0], { port, open: values['no-open'] !== true }));
      }
      default:
        if (looksLikeTrace(cmd)) {
          if (rest.length > 0) return usage('open', EXIT_UNREADABLE, 'expected one TRACE file or URL');
          return background(commands.open().runOpen(cmd));
        }
        process.stderr.write(`gotrace: unknown command ${JSON.stringify(cmd)}\n\n${HELP}`);
        return EXIT_UNREADABLE;
    }
  } catch (e) {
    if (e instanceof LoadError) {
      process.stderr.write(`gotrace: ${e.message}\n`);
      return EXIT_UNREADABLE;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`gotrace ${cmd}: ${e.message}\n`);
      return EXIT_UNREADABLE;
    }
    throw e;
  }
}

/** `gotrace TRACE`: an existing file, a URL, or something path-like (so a missing file gets "no such file", not "unknown command"). */
function looksLikeTrace(arg: string): boolean {
  return /^https?:\/\//i.test(arg) || /[./\\]/.test(arg) || fs.existsSync(arg);
}

/** Long-running commands (serve, the app) finish later: their exit status is set when they do. */
function background(run: Promise<number>): number {
  run.then(
    (code) => {
      if (code !== EXIT_OK) process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`gotrace: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = EXIT_UNREADABLE;
    },
  );
  return EXIT_OK;
}

function usage(cmd: string, code: number, problem?: string): number {
  const out = code === EXIT_OK ? process.stdout : process.stderr;
  if (problem) out.write(`gotrace ${cmd}: ${problem}\n\n`);
  out.write(COMMAND_HELP[cmd] ?? HELP);
  return code;
}

/**
 * The command line run by a script (bin/gotrace.js, or this file run
 * directly): relaunched with the malloc tuning first when it is about to read
 * a big trace (main/node/malloc-tuning.ts).
 */
export function run(script: string, argv: string[]): number {
  if (shouldRelaunch(argv)) return relaunch(script, argv);
  return main(argv);
}

if (require.main === module) {
  process.exitCode = run(__filename, process.argv.slice(2));
}
