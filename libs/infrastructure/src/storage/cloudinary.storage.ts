import { randomBytes } from 'node:crypto';
import { Agent } from 'node:http';
import {
  extensionOfContentType,
  FileContent,
  FileKeyParts,
  FileStorage,
  FileStorageUnavailableError,
  isValidFileFolder,
  NewStoredFile,
  parseFileKey,
  StoredFile,
} from '@app/shared';
import { v2 as cloudinary, UploadApiErrorResponse, UploadApiOptions, UploadApiResponse } from 'cloudinary';

/** Credentials and endpoint of one Cloudinary product environment. */
export interface CloudinaryConfig {
  cloudName: string;
  apiKey: string;
  apiSecret: string;
  /**
   * Base URL of Cloudinary's API (the SDK's `upload_prefix`); default `https://api.cloudinary.com`.
   * An `http://` prefix (a local emulator, e.g. the tests' fake) is spoken to over plain HTTP.
   */
  uploadPrefix?: string;
}

/**
 * Reads `CLOUDINARY_URL` (`cloudinary://<api_key>:<api_secret>@<cloud_name>`, the SDK's own
 * format; an optional `?upload_prefix=<url>` query names another API endpoint).
 * @throws Error naming what is missing (never echoing the secret).
 */
export function parseCloudinaryUrl(value: string): CloudinaryConfig {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error('CLOUDINARY_URL must look like cloudinary://<api_key>:<api_secret>@<cloud_name>');
  }
  if (url.protocol !== 'cloudinary:' || !url.username || !url.password || !url.hostname) {
    throw new Error('CLOUDINARY_URL must look like cloudinary://<api_key>:<api_secret>@<cloud_name>');
  }
  const uploadPrefix = url.searchParams.get('upload_prefix') ?? undefined;
  if (uploadPrefix !== undefined && !/^https?:\/\/[^/]+$/.test(uploadPrefix.replace(/\/+$/, ''))) {
    throw new Error('CLOUDINARY_URL upload_prefix must be an http(s) origin such as https://api.cloudinary.com');
  }
  return {
    cloudName: decodeURIComponent(url.hostname),
    apiKey: decodeURIComponent(url.username),
    apiSecret: decodeURIComponent(url.password),
    ...(uploadPrefix ? { uploadPrefix: uploadPrefix.replace(/\/+$/, '') } : {}),
  };
}

/** Options of the Cloudinary adapter. */
export interface CloudinaryStorageOptions {
  /** Longest an upload, download or deletion may take, in milliseconds (default 30 000). */
  timeoutMs?: number;
  /** How long a signed download URL stays valid, in seconds (default 60; it is used at once, server-side). */
  downloadUrlTtlSeconds?: number;
}

/** Cloudinary delivery type of every asset: `private` originals are reachable only through signed API downloads. */
const DELIVERY_TYPE = 'private';

/**
 * FileStorage on Cloudinary, with the official SDK (`cloudinary` v2). Assets are uploaded as
 * `type: private` (images with `resource_type: image`, PDFs as `raw`), so no public delivery URL
 * serves them: the API fetches them server-side through a signed, short-lived private download
 * URL (`GET <api>/v1_1/<cloud>/<resource_type>/download?…&signature=…`, made by the SDK's
 * `utils.private_download_url`) and answers through its own authorised routes.
 *
 * Keys are the same as on the local disk (`<folder>/<32 hex>.<ext>`); the Cloudinary public id
 * is the key without its extension for images (Cloudinary keeps the format apart) and the whole
 * key for raw files (whose public id carries the extension).
 *
 * Credentials are passed on every call (the SDK's global configuration is never touched).
 * Requests are signed by the SDK (Cloudinary's "signed upload" rules: SHA-1 of the sorted
 * parameters followed by the API secret). Network errors, timeouts, 5xx and rate limits become
 * FileStorageUnavailableError; other refusals (bad credentials) are thrown as plain errors (500).
 */
export class CloudinaryStorage extends FileStorage {
  private readonly timeoutMs: number;
  private readonly downloadUrlTtlSeconds: number;
  /** Plain-HTTP agent when the API prefix is `http://` (the SDK's uploader otherwise speaks TLS). */
  private readonly agent?: Agent;

  constructor(
    private readonly config: CloudinaryConfig,
    options: CloudinaryStorageOptions = {},
  ) {
    super();
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.downloadUrlTtlSeconds = options.downloadUrlTtlSeconds ?? 60;
    if (config.uploadPrefix?.startsWith('http:')) this.agent = new Agent({ keepAlive: false });
  }

  /** @inheritdoc */
  async put({ data, contentType, folder }: NewStoredFile): Promise<StoredFile> {
    if (!Buffer.isBuffer(data)) throw new TypeError('data must be a Buffer');
    if (!isValidFileFolder(folder)) throw new Error(`Invalid storage folder "${folder}"`);
    const extension = extensionOfContentType(contentType);
    if (!extension) throw new Error(`Content type ${contentType} cannot be stored`);
    const key = `${folder}/${randomBytes(16).toString('hex')}.${extension}`;
    const asset = assetOf(parseFileKey(key));
    const options: UploadApiOptions = {
      ...this.credentials(),
      public_id: asset.publicId,
      resource_type: asset.resourceType,
      type: DELIVERY_TYPE,
      overwrite: false,
      timeout: this.timeoutMs,
    };
    const uploaded = await new Promise<UploadApiResponse>((resolve, reject) => {
      const stream = cloudinary.uploader.upload_stream(options, (error, result) => {
        if (error || !result) reject(toStorageError('upload', error));
        else resolve(result);
      });
      stream.end(data);
    });
    if (uploaded.public_id !== asset.publicId) throw new Error('Cloudinary stored the file under another public id');
    return { key, contentType, size: data.length };
  }

  /** @inheritdoc Fetched server-side through a signed private download URL valid for `downloadUrlTtlSeconds`. */
  async get(key: string): Promise<FileContent | null> {
    const parts = parseFileKey(key);
    const asset = assetOf(parts);
    const downloadOptions = {
      ...this.credentials(),
      resource_type: asset.resourceType,
      type: DELIVERY_TYPE,
      expires_at: Math.floor(Date.now() / 1000) + this.downloadUrlTtlSeconds,
    };
    const url = cloudinary.utils.private_download_url(asset.publicId, asset.format, downloadOptions);
    let response: Response;
    let data: Buffer;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      data = Buffer.from(await response.arrayBuffer());
    } catch {
      throw new FileStorageUnavailableError();
    }
    if (response.status === 404) return null;
    if (response.status >= 500 || response.status === 420 || response.status === 429) throw new FileStorageUnavailableError();
    if (!response.ok) throw new Error(`Cloudinary refused the download (HTTP ${response.status})`);
    return { data, contentType: parts.contentType, size: data.length };
  }

  /** @inheritdoc Destroys the asset and invalidates any cached copy. */
  async delete(key: string): Promise<void> {
    const asset = assetOf(parseFileKey(key));
    const destroyOptions = { ...this.credentials(), resource_type: asset.resourceType, type: DELIVERY_TYPE, invalidate: true, timeout: this.timeoutMs };
    let result: unknown;
    try {
      result = await cloudinary.uploader.destroy(asset.publicId, destroyOptions);
    } catch (error) {
      throw toStorageError('delete', error);
    }
    const outcome = (result as { result?: unknown } | undefined)?.result;
    if (outcome !== 'ok' && outcome !== 'not found') throw new Error(`Cloudinary could not delete the file (${String(outcome)})`);
  }

  private credentials() {
    return {
      cloud_name: this.config.cloudName,
      api_key: this.config.apiKey,
      api_secret: this.config.apiSecret,
      ...(this.config.uploadPrefix ? { upload_prefix: this.config.uploadPrefix } : {}),
      ...(this.agent ? { agent: this.agent } : {}),
    };
  }
}

interface CloudinaryAsset {
  publicId: string;
  resourceType: 'image' | 'raw';
  /** The format for download URLs; empty for raw files (their public id has the extension). */
  format: string;
}

function assetOf(parts: FileKeyParts): CloudinaryAsset {
  const base = `${parts.folder}/${parts.id}`;
  return parts.contentType.startsWith('image/')
    ? { publicId: base, resourceType: 'image', format: parts.extension }
    : { publicId: `${base}.${parts.extension}`, resourceType: 'raw', format: '' };
}

/** The SDK rejects with `{ message, http_code, name }` objects (499 = its own timeout) or plain errors. */
function toStorageError(action: string, error: unknown): Error {
  const sdk = error as Partial<UploadApiErrorResponse> | undefined;
  const status = typeof sdk?.http_code === 'number' ? sdk.http_code : undefined;
  if (status === undefined || status >= 499 || status === 420 || status === 429) return new FileStorageUnavailableError();
  return new Error(`Cloudinary refused the ${action} (HTTP ${status}): ${String(sdk?.message ?? 'no message').slice(0, 200)}`);
}
