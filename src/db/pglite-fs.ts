import fs from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/**
 * PGlite's folder on disk, made as safe as PostgreSQL's own:
 *
 * - Private. Files are created 0600 and folders 0700 (PGlite would leave them 0666/0777 less
 *   the umask), since the WAL holds every profile secret and the bot's state.
 *
 * It reaches into Emscripten's NODEFS object, which PGlite hands to preRun hooks; the tests in
 * test/db/data-dir.test.ts notice if an upgrade changes it.
 */

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
}

export class PrivateNodeFS extends NodeFS {
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
