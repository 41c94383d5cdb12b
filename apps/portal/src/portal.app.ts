import { NestExpressApplication } from '@nestjs/platform-express';
import { PortalConfig } from '@app/config';
import { createWebApp } from '@app/web';
import { PortalModule } from './portal.module';
import { PUBLIC_DIR, VIEWS_DIR } from './portal-paths';
import { translate } from './i18n/messages';

/** Builds the portal application (not yet listening): used by main.ts and by tests alike. */
export async function createPortalApp(config: PortalConfig): Promise<NestExpressApplication> {
  return createWebApp(PortalModule.forRoot(config), config, {
    viewsDir: VIEWS_DIR,
    publicDir: PUBLIC_DIR,
    translate,
    // "Nộp trực tuyến" ends in a redirect to the payment gateway's page.
    formActionOrigins: config.payments ? [new URL(config.payments.paymentUrl).origin] : [],
    openApi: {
      title: 'Một Cửa API',
      description:
        'REST API of the one-stop-shop portal. Authenticate with a Keycloak access token (audience motcua-api).',
    },
  });
}
