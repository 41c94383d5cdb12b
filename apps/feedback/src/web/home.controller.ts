import { Controller, Get, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@app/auth';

@ApiExcludeController()
@Controller()
export class HomeController {
  @Public()
  @Get()
  @Render('pages/home')
  home() {
    return {};
  }
}
