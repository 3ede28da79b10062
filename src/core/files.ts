import { constants } from "node:fs";
import { open, realpath } from "node:fs/promises";
import path from "node:path";
import { describeFilePathProblem } from "./file-paths.js";

export { describeFilePathProblem };

/**
 * Files that objects name (`caFile`, `file:` secret references) come from one configured directory
 * only. Every refusal says what is wrong with the name as given, and never whether something exists
 * outside that directory: an object's author is not necessarily allowed to probe the server's disk.
 */
export class FileRefusal extends Error {
  override name = "FileRefusal";
}

export const MAX_CONFIGURED_FILE_BYTES = 1024 * 1024;

export interface ReadConfiguredFileOptions {
  /** Files larger than this are refused unread; 1 MiB by default. */
  maxBytes?: number;
}

/**
 * Reads `name` from `filesDir`: only a regular file (not a device, FIFO or directory), only if it
 * is still inside `filesDir` once symbolic links are resolved, and only up to `maxBytes`, so
 * `/dev/zero` or a huge log can't exhaust memory. Throws FileRefusal with a message to show.
 */
export async function readConfiguredFile(
  filesDir: string | undefined,
  name: string,
  options: ReadConfiguredFileOptions = {},
): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? MAX_CONFIGURED_FILE_BYTES;
  const problem = describeFilePathProblem(name);
  if (problem) throw new FileRefusal(`"${name}" ${problem}`);
  if (!filesDir) throw new FileRefusal(`"${name}" cannot be read: this server has no files directory (--files-dir)`);
  const root = await realpath(filesDir).catch(() => {
    throw new FileRefusal(`"${name}" cannot be read: the files directory (--files-dir) does not exist`);
  });
  const real = await realpath(path.join(root, name)).catch(() => {
    throw new FileRefusal(`"${name}" does not exist in the files directory (--files-dir)`);
  });
  if (!real.startsWith(root + path.sep))
    throw new FileRefusal(`"${name}" leads outside the files directory (--files-dir) through a symbolic link`);
  // Non-blocking, so a FIFO can't hold the open until a writer comes; fstat then refuses it.
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW).catch(() => {
    throw new FileRefusal(`"${name}" cannot be opened in the files directory (--files-dir)`);
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new FileRefusal(`"${name}" is not a regular file`);
    if (stats.size > maxBytes) throw new FileRefusal(`"${name}" is larger than ${formatBytes(maxBytes)}`);
    // Bounded even if the file grows between the stat and the read.
    const buffer = Buffer.alloc(maxBytes + 1);
    let length = 0;
    while (length <= maxBytes) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > maxBytes) throw new FileRefusal(`"${name}" is larger than ${formatBytes(maxBytes)}`);
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

const formatBytes = (bytes: number) =>
  bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : bytes % 1024 === 0
      ? `${bytes / 1024} KiB`
      : `${bytes} bytes`;
