import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@app/auth';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  /** Who the API sees: the same principal for a bearer token and a browser session. */
  @Get()
  @ApiOkResponse({ description: 'The authenticated principal: subject, roles, agency.' })
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}
