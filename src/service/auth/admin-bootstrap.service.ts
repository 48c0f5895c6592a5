import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { AppConfigService } from '../config/app-config.service.js';
import { BOOTSTRAP_ADMIN_NAME, PrincipalsService } from './principals.service.js';

/**
 * At start: with ADMIN_TOKEN, the `admin` principal authenticates with it; without it and with no
 * admin at all, one is created and its token printed once on stdout (never through the logger).
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrapService.name);

  constructor(
    private readonly config: AppConfigService,
    private readonly principals: PrincipalsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const adminToken = this.config.adminToken;
    if (adminToken !== undefined) {
      const outcome = await this.principals.ensureAdminToken(adminToken);
      if (outcome !== 'unchanged') {
        this.logger.log(
          `the principal "${BOOTSTRAP_ADMIN_NAME}" now authenticates with ADMIN_TOKEN (${outcome})`,
        );
      }
      return;
    }
    const token = await this.principals.createAdminIfNone();
    if (token !== undefined) printAdminToken(token);
  }
}

const printAdminToken = (token: string): void => {
  const rule = '='.repeat(78);
  process.stdout.write(
    [
      rule,
      `cadreflow: no administrator existed, so the principal "${BOOTSTRAP_ADMIN_NAME}" (role admin) was created.`,
      'Its token is printed this once and cannot be shown again; store it now:',
      '',
      `    ${token}`,
      '',
      'Send it as "Authorization: Bearer <token>". To choose the token yourself, set ADMIN_TOKEN.',
      rule,
      '',
    ].join('\n'),
  );
};
