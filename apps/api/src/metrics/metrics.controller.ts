import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { carriesMetricsToken, Metrics } from '@app/logging';
import { Public } from '../auth/roles.decorator';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

/**
 * Prometheus scrape endpoint: counts only, no personal data. Still not public
 * (the counts describe the installation's activity): the scraper sends
 * METRICS_TOKEN as a bearer token, and without one configured it is not served.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    const token = this.config.metricsToken;
    if (!token) throw new ApiException(ErrorCode.RouteNotFound, 'Metrics are not served: METRICS_TOKEN is not set');
    if (!carriesMetricsToken(authorization, token)) {
      throw new ApiException(ErrorCode.Unauthorized, 'Send the metrics token as a bearer token', undefined, {
        'WWW-Authenticate': 'Bearer realm="metrics"',
      });
    }
    response.setHeader('Content-Type', this.metrics.contentType);
    response.send(await this.metrics.text());
  }
}
