/**
 * The one rule for every file the project writes (shared README §3, "Writing files"): a path that is
 * an input file (by real path, device and inode) or an existing file without `force` is refused and
 * left untouched; two outputs may not share a path; each file is written to a temporary file in its
 * own folder and renamed into place; a folder of files is written all or nothing; SIGINT, SIGTERM
 * and SIGHUP leave no temporary file behind. SIGKILL cannot be caught: it may leave a temporary
 * file (named `.NAME.sqlpatterns-PID-….tmp`), never a half-written output.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OutputFileError } from '../core/errors';
import { removeOnSignal, removeNow } from './temporaryPaths';

/** An output the user named, with the option that named it (`--html`, `--out`), for messages. */
export interface OutputTarget {
  readonly option: string;
  readonly path: string;
}

/** A folder of files (`--out DIR`): paths relative to the folder. */
export interface FolderTarget extends OutputTarget {
  readonly files: readonly string[];
}

export interface WriteRules {
  /** Files the run reads (`--data`): never written, whatever the spelling of the path. */
  readonly inputs: readonly string[];
  /** Replace existing files. */
  readonly force: boolean;
}

export interface FileContent {
  readonly path: string;
  readonly content: string;
}

/** Fills the temporary file at `temporaryPath` (e.g. DuckDB's COPY); the writer renames it. */
export type Producer = (temporaryPath: string) => Promise<void>;

const REASONS: Record<string, string> = {
  ENOENT: 'the folder does not exist or takes no new files',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a folder',
  EEXIST: 'it exists now (created while this ran); add --force to replace it',
  ENAMETOOLONG: 'the name is too long',
  EINVAL: 'the file system refuses the name',
};

/** One line for a failed file operation: the option, the path and why, never a stack. */
function writeError(target: OutputTarget, file: string, error: unknown): OutputFileError {
  if (error instanceof OutputFileError) {
    return error;
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const known = code === undefined ? undefined : REASONS[code];
  const reason =
    known !== undefined
      ? `${known} (${code})`
      : (code ?? (error instanceof Error ? error.message : String(error)));
  return new OutputFileError(`${target.option}: cannot write ${file}: ${reason}.`);
}

/** The file's status, or undefined where there is none (also below a file: `file.csv/sub`). */
function stat(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      return undefined;
    }
    throw error;
  }
}

/** The path with its folder resolved through symlinks: two spellings of one place compare equal. */
function canonical(file: string): string {
  const full = path.resolve(file);
  const folder = nearestExisting(path.dirname(full));
  const rest = path.relative(folder, path.dirname(full));
  return path.join(fs.realpathSync(folder), rest, path.basename(full));
}

/** The closest folder of `dir` (itself included) that exists. */
function nearestExisting(dir: string): string {
  let current = dir;
  while (stat(current) === undefined && path.dirname(current) !== current) {
    current = path.dirname(current);
  }
  return current;
}

/**
 * Refuses a file path that is an input, an existing file without force, or a folder; a single
 * file's folder must exist (a folder target creates its own).
 */
function checkFile(target: OutputTarget, file: string, rules: WriteRules): void {
  if (file.includes('\0')) {
    throw new OutputFileError(`${target.option}: the path contains a NUL character.`);
  }
  const existing = stat(file);
  if (existing === undefined) {
    const folder = nearestExisting(path.dirname(path.resolve(file)));
    if (!stat(folder)?.isDirectory()) {
      throw writeError(target, file, { code: 'ENOTDIR' });
    }
    if (!('files' in target) && folder !== path.dirname(path.resolve(file))) {
      throw new OutputFileError(
        `${target.option}: cannot write ${file}: its folder does not exist; give a file path in an existing folder.`,
      );
    }
    return;
  }
  if (existing.isDirectory()) {
    throw new OutputFileError(`${target.option}: ${file} is a folder; give a file path.`);
  }
  for (const input of rules.inputs) {
    const read = stat(input);
    if (
      read !== undefined &&
      ((read.dev === existing.dev && read.ino === existing.ino) ||
        fs.realpathSync(input) === fs.realpathSync(file))
    ) {
      throw new OutputFileError(
        `${target.option}: ${file} is the data file being read; choose another path.`,
      );
    }
  }
  if (!rules.force) {
    throw new OutputFileError(`${target.option}: ${file} exists; add --force to replace it.`);
  }
}

/**
 * Checks every output before any work starts, so a refused path costs nothing and nothing is
 * written: see the module comment for the rules. Throws OutputFileError (bad input).
 */
export function checkOutputs(
  targets: readonly (OutputTarget | FolderTarget)[],
  rules: WriteRules,
): void {
  const seen = new Map<string, string>();
  for (const target of targets) {
    const files =
      'files' in target ? target.files.map(f => path.join(target.path, f)) : [target.path];
    if ('files' in target) {
      const folder = stat(target.path);
      if (folder !== undefined && !folder.isDirectory()) {
        throw new OutputFileError(`${target.option}: ${target.path} is a file; give a folder.`);
      }
    }
    for (const file of files) {
      checkFile(target, file, rules);
      const key = canonical(file);
      const other = seen.get(key);
      if (other !== undefined) {
        throw new OutputFileError(
          `${target.option}: ${file} is also the path of ${other}; give each output its own path.`,
        );
      }
      seen.set(key, target.option);
    }
  }
}

/** A name in `dir` no other writer uses, starting with a dot so listings hide it. */
function temporaryName(dir: string, base: string): string {
  const tag = `${process.pid}-${crypto.randomBytes(4).toString('hex')}`;
  return path.join(dir, `.${base}.sqlpatterns-${tag}.tmp`);
}

/**
 * Moves a finished temporary file to `file`. Without force, a hard link refuses a file created
 * since the check (rename would replace it); with force, rename replaces it in one step.
 */
function place(temporary: string, file: string, force: boolean): void {
  if (force) {
    fs.renameSync(temporary, file);
    return;
  }
  try {
    fs.linkSync(temporary, file);
  } catch (error) {
    // File systems without hard links (FAT, some network shares): check again, then rename.
    const code = (error as NodeJS.ErrnoException).code;
    if ((code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') || stat(file)) {
      throw error;
    }
    fs.renameSync(temporary, file);
    return;
  }
  fs.unlinkSync(temporary);
}

/** Creates the missing folders of `dir` one level at a time and returns them, outermost first. */
function makeFolders(dir: string): string[] {
  // mkdirSync({ recursive }) loops forever where mkdir answers ENOENT under an existing folder (/proc).
  const missing: string[] = [];
  for (let d = path.resolve(dir); stat(d) === undefined; d = path.dirname(d)) {
    missing.unshift(d);
  }
  for (const folder of missing) {
    fs.mkdirSync(folder);
  }
  return missing;
}

/**
 * Writes one output file: checks it (as checkOutputs), fills a temporary file beside it with the
 * text or the producer, and renames it into place. On any failure the temporary file is removed
 * and the target is as before.
 */
export async function writeOutputFile(
  target: OutputTarget,
  content: string | Producer,
  rules: WriteRules,
): Promise<void> {
  checkOutputs([target], rules);
  const file = path.resolve(target.path);
  const temporary = temporaryName(path.dirname(file), path.basename(file));
  try {
    removeOnSignal(temporary);
    if (typeof content === 'string') {
      fs.writeFileSync(temporary, content, { flag: 'wx' });
    } else {
      await content(temporary);
    }
    place(temporary, file, rules.force);
  } catch (error) {
    throw writeError(target, target.path, error);
  } finally {
    removeNow(temporary);
  }
}

/**
 * Writes a folder of files all or nothing: every file is written into a temporary folder first;
 * only when all are there are they moved into place (a new folder is renamed in one step). A
 * failure or a signal before that leaves the folder as it was.
 */
export function writeOutputFolder(
  target: OutputTarget,
  files: readonly FileContent[],
  rules: WriteRules,
): void {
  const folderTarget: FolderTarget = { ...target, files: files.map(f => f.path) };
  checkOutputs([folderTarget], rules);
  const root = path.resolve(target.path);
  for (const file of files) {
    const full = path.resolve(root, file.path);
    if (!full.startsWith(root + path.sep)) {
      throw new Error(`refusing to write outside ${root}: ${file.path}`);
    }
  }
  const fresh = stat(root) === undefined;
  let created: string[] = [];
  let staging = '';
  try {
    created = fresh ? makeFolders(path.dirname(root)) : [];
    staging = fresh
      ? temporaryName(path.dirname(root), path.basename(root))
      : temporaryName(root, 'out');
    removeOnSignal(staging);
    fs.mkdirSync(staging);
    for (const file of files) {
      const temporary = path.join(staging, file.path);
      makeFolders(path.dirname(temporary));
      fs.writeFileSync(temporary, file.content, { flag: 'wx' });
    }
    if (fresh) {
      fs.renameSync(staging, root);
    } else {
      for (const file of files) {
        const full = path.join(root, file.path);
        created.push(...makeFolders(path.dirname(full)));
        place(path.join(staging, file.path), full, rules.force);
      }
    }
  } catch (error) {
    for (const folder of created.reverse()) {
      fs.rmSync(folder, { recursive: true, force: true });
    }
    throw writeError(target, target.path, error);
  } finally {
    if (staging !== '') {
      removeNow(staging);
    }
  }
}
