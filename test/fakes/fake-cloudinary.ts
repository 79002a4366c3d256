import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** An asset as the fake keeps it. */
export interface FakeAsset {
  publicId: string;
  resourceType: string;
  /** Delivery type: `upload` (public), `private`, `authenticated`. */
  type: string;
  /** `png`, `jpg`, … for images; undefined for raw files. */
  format: string | undefined;
  bytes: Buffer;
  version: number;
  createdAt: string;
}

/** One request that reached the fake; multipart fields and query parameters, never the file. */
export interface FakeCloudinaryRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  /** Whether the signature matched (false also when missing). */
  signed: boolean;
}

/**
 * A fake Cloudinary API: a real HTTP server on 127.0.0.1 for the official SDK, pointed at it with
 * `upload_prefix` (see {@link cloudinaryUrl}). Implements, for `/v1_1/<cloud>/<resource_type>/…`:
 * - `POST upload` (multipart, the `file` part as bytes) → the upload result JSON;
 * - `POST destroy` (multipart) → `{ result: "ok" | "not found" }`;
 * - `GET download?public_id&format&type&expires_at&timestamp&api_key&signature` (the SDK's
 *   `utils.private_download_url`) → the stored bytes; `404` when there is no such asset.
 * Every request must be signed like Cloudinary's API: the parameters except `file`, `cloud_name`,
 * `resource_type`, `api_key` and `signature`, without empty values, sorted by name, joined as
 * `k=v` with `&` (each `&` inside a pair written `%26`), followed by the API secret, hashed with
 * SHA-1 (or SHA-256 for a 64-digit signature), hex. Source: Cloudinary's "Generating
 * authentication signatures" documentation. A wrong key or signature is `401`; a timestamp more
 * than an hour old is `400 Stale request`; an expired download `expires_at` is `401`.
 */
export class FakeCloudinary {
  readonly requests: FakeCloudinaryRequest[] = [];
  /** `http://127.0.0.1:<port>`: the SDK's `upload_prefix`. */
  url = '';
  private readonly stored = new Map<string, FakeAsset>();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private down: false | 'http500' = false;

  private constructor(
    readonly cloudName: string,
    readonly apiKey: string,
    readonly apiSecret: string,
  ) {
    this.server = createServer((req, res) => void this.handle(req, res).catch(() => json(res, 500, { error: { message: 'fake failure' } })));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(options: { cloudName?: string; apiKey?: string; apiSecret?: string } = {}): Promise<FakeCloudinary> {
    const fake = new FakeCloudinary(
      options.cloudName ?? 'fake-cloud',
      options.apiKey ?? '123456789012345',
      options.apiSecret ?? randomBytes(20).toString('base64url'),
    );
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.url = `http://127.0.0.1:${(fake.server.address() as { port: number }).port}`;
    return fake;
  }

  /** `cloudinary://<key>:<secret>@<cloud>?upload_prefix=<this fake>`: a CLOUDINARY_URL for the app. */
  get cloudinaryUrl(): string {
    return `cloudinary://${this.apiKey}:${encodeURIComponent(this.apiSecret)}@${this.cloudName}?upload_prefix=${encodeURIComponent(this.url)}`;
  }

  /** Every stored asset. */
  get assets(): FakeAsset[] {
    return [...this.stored.values()];
  }

  /** `http500`: every request answers 500; `false`: normal service. */
  setDown(mode: false | 'http500'): void {
    this.down = mode;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const params: Record<string, string> = Object.fromEntries(url.searchParams);
    let file: Buffer | undefined;
    if (req.method === 'POST') {
      const form = await new Response(Buffer.concat(chunks), { headers: { 'content-type': req.headers['content-type'] ?? '' } }).formData();
      for (const [name, value] of form) {
        if (typeof value === 'string') params[name] = value;
        else if (name === 'file') file = Buffer.from(await value.arrayBuffer());
      }
    }
    const signed = this.signatureValid(params);
    this.requests.push({ method: req.method ?? 'GET', path: url.pathname, params, signed });

    if (this.down === 'http500') return json(res, 500, { error: { message: 'General Error' } });
    const match = /^\/v1_1\/([^/]+)\/(image|raw|video|auto)\/(upload|destroy|download)$/.exec(url.pathname);
    if (!match) return json(res, 404, { error: { message: 'Not found' } });
    const [, cloud, resourceType, action] = match as unknown as [string, string, string, string];
    if (cloud !== this.cloudName) return json(res, 404, { error: { message: 'Invalid cloud_name ' + cloud } });
    if (params['api_key'] !== this.apiKey) return json(res, 401, { error: { message: `Unknown API key ${params['api_key'] ?? ''}` } });
    if (!signed) return json(res, 401, { error: { message: 'Invalid Signature' } });
    const timestamp = Number(params['timestamp']);
    if (!Number.isFinite(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > 3600) return json(res, 400, { error: { message: 'Stale request' } });

    if (action === 'upload' && req.method === 'POST') return this.upload(res, resourceType, params, file);
    if (action === 'destroy' && req.method === 'POST') return this.destroy(res, resourceType, params);
    if (action === 'download' && req.method === 'GET') return this.download(res, resourceType, params);
    return json(res, 405, { error: { message: 'Method not allowed' } });
  }

  private upload(res: ServerResponse, resourceType: string, params: Record<string, string>, file: Buffer | undefined): void {
    if (!file) return json(res, 400, { error: { message: 'Missing required parameter - file' } });
    const type = params['type'] || 'upload';
    const publicId = params['public_id'] || randomBytes(10).toString('hex');
    const format = resourceType === 'raw' ? undefined : imageFormat(file);
    if (resourceType !== 'raw' && !format) return json(res, 400, { error: { message: 'Invalid image file' } });
    const id = assetId(resourceType, type, publicId);
    const existing = this.stored.get(id);
    const overwrite = params['overwrite'] !== undefined && !['0', 'false'].includes(params['overwrite']);
    if (existing && !overwrite) return json(res, 200, { ...this.result(existing), existing: true });
    const asset: FakeAsset = { publicId, resourceType, type, format, bytes: file, version: Math.floor(Date.now() / 1000), createdAt: new Date().toISOString() };
    this.stored.set(id, asset);
    json(res, 200, this.result(asset));
  }

  private destroy(res: ServerResponse, resourceType: string, params: Record<string, string>): void {
    const id = assetId(resourceType, params['type'] || 'upload', params['public_id'] ?? '');
    json(res, 200, { result: this.stored.delete(id) ? 'ok' : 'not found' });
  }

  private download(res: ServerResponse, resourceType: string, params: Record<string, string>): void {
    const expiresAt = params['expires_at'] ? Number(params['expires_at']) : undefined;
    if (expiresAt !== undefined && !(expiresAt > Date.now() / 1000)) return json(res, 401, { error: { message: 'Expired download link' } });
    const asset = this.stored.get(assetId(resourceType, params['type'] || 'upload', params['public_id'] ?? ''));
    if (!asset || (asset.format && params['format'] && params['format'] !== asset.format)) return json(res, 404, { error: { message: 'Resource not found' } });
    res.writeHead(200, { 'content-type': contentTypeOf(asset), 'content-length': asset.bytes.length });
    res.end(asset.bytes);
  }

  private result(asset: FakeAsset): Record<string, unknown> {
    const file = asset.format ? `${asset.publicId}.${asset.format}` : asset.publicId;
    const url = `http://res.cloudinary.com/${this.cloudName}/${asset.resourceType}/${asset.type}/v${asset.version}/${file}`;
    return {
      asset_id: createHash('md5')
        .update(assetId(asset.resourceType, asset.type, asset.publicId))
        .digest('hex'),
      public_id: asset.publicId,
      version: asset.version,
      signature: createHash('sha1').update(asset.bytes).digest('hex'),
      ...(asset.format ? { format: asset.format, width: 1, height: 1 } : {}),
      resource_type: asset.resourceType,
      created_at: asset.createdAt,
      tags: [],
      bytes: asset.bytes.length,
      type: asset.type,
      etag: createHash('md5').update(asset.bytes).digest('hex'),
      placeholder: false,
      url,
      secure_url: url.replace('http:', 'https:'),
      original_filename: 'file',
      api_key: this.apiKey,
    };
  }

  /** Cloudinary's signature rule (see the class comment), computed independently of the SDK. */
  private signatureValid(params: Record<string, string>): boolean {
    const signature = params['signature'];
    if (!signature) return false;
    const excluded = new Set(['file', 'cloud_name', 'resource_type', 'api_key', 'signature']);
    const toSign = Object.entries(params)
      .filter(([k, v]) => !excluded.has(k) && v !== '')
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${v}`.replace(/&/g, '%26'))
      .join('&');
    const algorithm = signature.length === 64 ? 'sha256' : 'sha1';
    return (
      createHash(algorithm)
        .update(toSign + this.apiSecret)
        .digest('hex') === signature
    );
  }
}

function assetId(resourceType: string, type: string, publicId: string): string {
  return `${resourceType}/${type}/${publicId}`;
}

function imageFormat(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpg';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'gif';
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  return undefined;
}

function contentTypeOf(asset: FakeAsset): string {
  const byFormat: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp', gif: 'image/gif', pdf: 'application/pdf' };
  return (asset.format && byFormat[asset.format]) || 'application/octet-stream';
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
