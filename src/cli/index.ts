import { main } from './main';

// A reader that stops early (`| head`) closes the pipe: stop quietly, as other commands do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') {
    process.exit(process.exitCode ?? 0);
  }
  throw error;
});

main(process.argv.slice(2), {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text),
}).then(
  code => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // main reports every error itself; reaching this is a bug in that reporting.
    process.stderr.write(`sqlpatterns: internal error: ${String(error)}\n`);
    process.exitCode = 3;
  },
);
