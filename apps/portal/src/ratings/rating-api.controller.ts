import { Body, Controller, Get, Param, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiQuery, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, Roles } from '@app/auth';
import { DomainError } from '@app/observability';
import { CRITERION_KEYS, RATING_LEVELS, RatingDimension, RatingService } from '@app/ratings';
import { DOSSIER_ID } from '../web/page-kit';

const DIMENSIONS: readonly RatingDimension[] = ['agency', 'deciding_agency', 'procedure', 'clerk'];

/**
 * Ratings through the API: the owner reads and gives (or, within the window, changes) the rating of a returned dossier;
 * leaders and administrators count their agency's ratings. Bad input is a problem document naming each field.
 */
@ApiTags('ratings')
@ApiBearerAuth()
@Controller('api/v1')
export class RatingApiController {
  constructor(private readonly ratings: RatingService) {}

  /** The dossier as it can be rated now (`state`), with the rating given if any. */
  @Roles('citizen')
  @Get('dossiers/:id/rating')
  rating(@Param('id', DOSSIER_ID) id: string, @CurrentPrincipal() principal: Principal) {
    return this.ratings.forOwner(principal, id);
  }

  /** Gives or changes the rating: 409 with `reason` not_returned or edit_window_over when it cannot be. */
  @Roles('citizen')
  @Put('dossiers/:id/rating')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['level'],
      properties: {
        level: { type: 'string', enum: [...RATING_LEVELS] },
        criteria: {
          type: 'object',
          description: 'NĐ 118/2025 Điều 33 khoản 1 points a, b, c, d, đ (dd), e, g, h, i → level; omit for no opinion',
          properties: Object.fromEntries(CRITERION_KEYS.map((k) => [k, { type: 'string', enum: [...RATING_LEVELS] }])),
        },
        comment: { type: 'string', maxLength: 1000 },
      },
    },
  })
  rate(
    @Param('id', DOSSIER_ID) id: string,
    @Body() body: Record<string, unknown>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.ratings.rateAsOwner(principal, id, {
      level: body.level,
      criteria: body.criteria,
      comment: body.comment,
    });
  }

  /** Counts per level of the ratings of the caller's agency first given from `from` to `to` (days in Vietnam). */
  @Roles('leader', 'admin')
  @Get('ratings/counts')
  @ApiQuery({ name: 'by', enum: DIMENSIONS, required: false })
  counts(
    @Query('from') from: unknown,
    @Query('to') to: unknown,
    @Query('by') by: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (!principal.agency) throw new DomainError('forbidden', 'Ratings are counted for the staff of an agency.');
    const dimension = by === undefined ? 'procedure' : by;
    if (!DIMENSIONS.includes(dimension as RatingDimension)) {
      throw new DomainError('validation_failed', 'by is not a dimension.', {
        errors: [{ field: 'by', messages: [`must be one of ${DIMENSIONS.join(', ')}`] }],
      });
    }
    const period = {
      agencyCode: principal.agency,
      from: typeof from === 'string' ? from : '',
      to: typeof to === 'string' ? to : '',
    };
    return this.ratings.count(period, dimension as RatingDimension);
  }
}
