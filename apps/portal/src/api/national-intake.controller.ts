import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal } from '@app/auth';
import { IntakeAnswer, NationalIntakeService } from '@app/dossiers';

/**
 * The province system's door for Cổng Dịch vụ công quốc gia (NĐ 118/2025 Điều 17; docs/national-portal.md §5): the
 * national portal's service account forwards online dossiers with `DongBoHoSoMC`. 404 when the deployment keeps the
 * portal's own online intake instead.
 */
@ApiTags('national portal')
@ApiBearerAuth()
@Controller('api/v1/national-portal')
export class NationalIntakeController {
  constructor(private readonly intake: NationalIntakeService) {}

  @Post('DongBoHoSoMC')
  @HttpCode(200)
  @ApiOperation({
    summary: 'File online dossiers forwarded by the national portal',
    description:
      'Body `{"service":"DongBoHoSoMC","isUpdating":"False","data":[…]}` with 1–20 dossiers (MaHoSo, MaTTHC, ' +
      'DonViXuLy, ChuHoSo, NgayTiepNhan yyyyMMddHHmmss, TaiLieuNop with DuongDanTaiTepTin on the national ' +
      'portal’s file origin, DanhSachLePhi). Idempotent by MaHoSo: a repeated delivery answers "duplicate" and ' +
      'writes nothing; other content under a filed MaHoSo is 409. Bad fields: 400 naming each; a file that cannot ' +
      'be fetched: 422 naming its DuongDanTaiTepTin. Nothing of a refused request is written.',
  })
  @ApiBody({ schema: { type: 'object', required: ['data'] } })
  @ApiOkResponse({ description: '`{"error_code":"0","message":…,"results":[{"MaHoSo","result","TrangThaiHoSo"}]}`' })
  file(@CurrentPrincipal() principal: Principal, @Body() body: unknown): Promise<IntakeAnswer> {
    return this.intake.file(principal, body);
  }
}
