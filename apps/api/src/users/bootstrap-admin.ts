import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { UsersService } from '@app/users';
import { AppConfig } from '../config/app-config.js';

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD at start, when no admin exists. */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { ADMIN_EMAIL: email, ADMIN_PASSWORD: password, ADMIN_NAME: name } = this.config;
    if (email && password) await this.users.ensureBootstrapAdmin({ email, password, name });
  }
}
