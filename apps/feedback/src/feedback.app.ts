import { NestExpressApplication } from '@nestjs/platform-express';
import { FeedbackConfig } from '@app/config';
import { createWebApp } from '@app/web';
import { FeedbackAppModule } from './feedback.module';
import { PUBLIC_DIR, VIEWS_DIR } from './feedback-paths';
import { translate } from './i18n/messages';

/** Builds the feedback application (not yet listening): used by main.ts and by tests alike. */
export async function createFeedbackApp(config: FeedbackConfig): Promise<NestExpressApplication> {
  return createWebApp(FeedbackAppModule.forRoot(config), config, {
    viewsDir: VIEWS_DIR,
    publicDir: PUBLIC_DIR,
    translate,
    // A base map's tiles, when one is configured.
    imageOrigins: config.mapTileUrl ? [new URL(config.mapTileUrl.replace(/[{}]/g, '')).origin] : [],
    openApi: {
      title: 'Phản ánh hiện trường API',
      description:
        'Street reports of the ward. Third-party apps use the Open311 GeoReport v2 API under /open311/v2 (discovery.json).',
    },
  });
}
