import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service.js';
import { defaultSigningKeyFile, loadOrCreateSigningKey, type SigningKey } from './signing-key.js';

/** Holds the service's digest signing key, read (or created) once at start. */
@Injectable()
export class SigningKeyService implements OnModuleInit {
  private readonly logger = new Logger(SigningKeyService.name);
  private loaded: SigningKey | undefined;

  constructor(private readonly config: AppConfigService) {}

  async onModuleInit(): Promise<void> {
    const path = this.config.signingKeyFile ?? defaultSigningKeyFile(this.config.databaseUrl);
    const { key, created } = await loadOrCreateSigningKey(path);
    this.loaded = key;
    // The path and the key id, never the key.
    this.logger.log(
      `${created ? 'created a new' : 'using the'} digest signing key ${path} (key id ${key.keyId})`,
    );
  }

  get key(): SigningKey {
    if (!this.loaded) throw new Error('the signing key is not loaded yet');
    return this.loaded;
  }
}
