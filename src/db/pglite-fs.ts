import fs from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * PGlite's folder on disk, made as safe as PostgreSQL's own:
 *
 * - Durable. PGlite starts PostgreSQL with `-F` (fsync off), and even without it its NODEFS
 *   layer drops every sync: `fdatasync` is a no-op and `fsync` reaches no `fsync` callback.
 *   Here `fsync` goes to the host's fsync(2), and PostgreSQL is started with fsync on and
 *   `wal_sync_method=fsync`, so a commit returns only once its WAL is on the disk (an HTTP
 *   200 survives a power cut, not only a killed process), and checkpoints sync data files.
 * - Private. Files are created 0600 and folders 0700 (PGlite would leave them 0666/0777 less
 *   the umask), since the WAL holds every profile secret and the bot's state.
 *
 * Both reach into Emscripten's NODEFS object, which PGlite hands to preRun hooks; the tests in
 * test/db/data-dir.test.ts notice if an upgrade changes it.
 */

export const DURABLE_START_PARAMS: string[] = [
  ...PGlite.defaultStartParams.filter((param) => param !== '-F'),
  '-c',
  'fsync=on',
  // The WASM build's fdatasync() never reaches the host; its fsync() does (below).
  '-c',
  'wal_sync_method=fsync',
];

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;

interface EmscriptenNode {
  mode: number;
}
interface EmscriptenStream {
  node: EmscriptenNode;
  /** The host descriptor; NODEFS opens one for regular files only. */
  nfd?: number;
}
interface Attributes {
  mode?: number;
}
interface NodeFsType {
  realPath(node: EmscriptenNode): string;
  node_ops: {
    mknod(parent: EmscriptenNode, name: string, mode: number, dev: number): EmscriptenNode;
    setattr(node: EmscriptenNode, attr: Attributes): void;
  };
  stream_ops: {
    setattr(stream: EmscriptenStream, attr: Attributes): void;
    fsync?: (stream: EmscriptenStream) => number;
  };
}

/** chmod() as PostgreSQL asks, less any right for the group and others. */
const ownerOnly = (attr: Attributes): Attributes =>
  attr.mode === undefined || attr.mode === null ? attr : { ...attr, mode: attr.mode & ~0o077 };

const patched = new WeakSet<object>();

function patchNodeFs(nodefs: NodeFsType): void {
  if (patched.has(nodefs)) return;
  patched.add(nodefs);
  const mknod = nodefs.node_ops.mknod;
  nodefs.node_ops.mknod = (parent, name, mode, dev) => {
    const isDir = (mode & S_IFMT) === S_IFDIR;
    return mknod(
      parent,
      name,
      (mode & ~0o7777) | (isDir ? PRIVATE_DIR_MODE : PRIVATE_FILE_MODE),
      dev,
    );
  };
  // Emscripten's open() chmods a new file to the mode the caller asked for (fopen: 0666).
  const setattr = nodefs.node_ops.setattr;
  nodefs.node_ops.setattr = (node, attr) => setattr(node, ownerOnly(attr));
  const fsetattr = nodefs.stream_ops.setattr;
  nodefs.stream_ops.setattr = (stream, attr) => fsetattr(stream, ownerOnly(attr));
  nodefs.stream_ops.fsync = (stream) => {
    if (stream.nfd !== undefined) {
      fs.fsyncSync(stream.nfd);
      return 0;
    }
    // A folder (PostgreSQL syncs pg_wal after adding a segment): NODEFS keeps no descriptor.
    syncPath(nodefs.realPath(stream.node));
    return 0;
  };
}

export class SafeNodeFS extends NodeFS {
  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    super(dataDir);
  }

  override async init(pg: PGlite, options: Parameters<NodeFS['init']>[1]) {
    const { emscriptenOpts } = await super.init(pg, options);
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        preRun: [
          ...(emscriptenOpts.preRun ?? []),
          (mod: { NODEFS: unknown }) => patchNodeFs(mod.NODEFS as NodeFsType),
        ],
      },
    };
  }
}

/**
 * fsync of every file and folder under `dir`, and of `dir` itself. PGlite's initdb writes a
 * new cluster without a single sync; one pass after it makes the new database durable.
 */
export function syncTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) syncTree(path);
    else if (entry.isFile()) syncPath(path);
  }
  syncPath(dir);
}

/** fsync of one file or folder. */
export function syncPath(path: string): void {
  const fd = fs.openSync(path, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
