import { join, resolve } from 'node:path';
import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { FileStorage } from '@app/shared';
import { CloudinaryStorage, parseCloudinaryUrl } from './cloudinary.storage.js';
import { LocalDiskStorage } from './local-disk.storage.js';

/** Plain options of the file store, read from configuration by the composition root. */
export interface FileStorageModuleOptions {
  /** `DATA_DIR`: local files go to `<dataDir>/files`. */
  dataDir: string;
  /** `CLOUDINARY_URL`; when set, files go to Cloudinary (private assets) instead of the local disk. */
  cloudinaryUrl?: string;
  /** Production: warn that local files are seen by this replica only (a shared volume or Cloudinary is needed). */
  warnIfLocal?: boolean;
}

/** The FileStorage port: Cloudinary when `cloudinaryUrl` is set, else the local disk. Global. */
@Global()
@Module({})
export class FileStorageModule {
  static forRoot(options: FileStorageModuleOptions): DynamicModule {
    const storageProvider = {
      provide: FileStorage,
      useFactory: (): FileStorage => {
        const logger = new Logger('FileStorage');
        if (options.cloudinaryUrl) {
          const config = parseCloudinaryUrl(options.cloudinaryUrl);
          logger.log(`Files on Cloudinary (cloud ${config.cloudName}, private assets)`);
          return new CloudinaryStorage(config);
        }
        const root = join(resolve(options.dataDir), 'files');
        logger.log(`Files on the local disk under ${root}`);
        if (options.warnIfLocal) {
          logger.warn(`With several replicas, ${root} must be a volume they share (or set CLOUDINARY_URL): each replica serves only the files it can read`);
        }
        return new LocalDiskStorage(root);
      },
    };
    return { module: FileStorageModule, providers: [storageProvider], exports: [FileStorage] };
  }
}
