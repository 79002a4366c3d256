import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { extensionOfContentType, FileContent, FileStorage, isValidFileFolder, NewStoredFile, parseFileKey, StoredFile } from '@app/shared';

/**
 * FileStorage on the local disk: `<root>/<folder>/<32 random hex>.<ext>` (root is
 * `DATA_DIR/files` in the app). The content type is encoded in the key's extension, so there is
 * no sidecar file. Writes are atomic: the bytes go to a hidden temporary file in the same folder,
 * are flushed to disk (fsync), then renamed into place, so a reader never sees half a file.
 * Files are created with mode 0600. Filesystem errors other than "not found" are thrown as they
 * are (a misconfigured or full disk is the operator's to fix; the API answers 500 and logs).
 */
export class LocalDiskStorage extends FileStorage {
  private readonly root: string;

  /** @param rootDir the folder that holds every file (created when needed). */
  constructor(rootDir: string) {
    super();
    this.root = resolve(rootDir);
  }

  /** @inheritdoc */
  async put({ data, contentType, folder }: NewStoredFile): Promise<StoredFile> {
    if (!Buffer.isBuffer(data)) throw new TypeError('data must be a Buffer');
    if (!isValidFileFolder(folder)) throw new Error(`Invalid storage folder "${folder}"`);
    const extension = extensionOfContentType(contentType);
    if (!extension) throw new Error(`Content type ${contentType} cannot be stored`);
    const id = randomBytes(16).toString('hex');
    const key = `${folder}/${id}.${extension}`;
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temporary = join(dirname(path), `.${id}.tmp`);
    try {
      const handle = await open(temporary, 'wx', 0o600);
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { key, contentType, size: data.length };
  }

  /** @inheritdoc */
  async get(key: string): Promise<FileContent | null> {
    const { contentType } = parseFileKey(key);
    try {
      const data = await readFile(this.pathOf(key));
      return { data, contentType, size: data.length };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  /** @inheritdoc */
  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true }); // pathOf validates the key
  }

  /** The file's path; the key is validated again here, and the path must stay under the root. */
  private pathOf(key: string): string {
    parseFileKey(key);
    const path = resolve(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep)) throw new Error('File key escapes the storage root');
    return path;
  }
}
