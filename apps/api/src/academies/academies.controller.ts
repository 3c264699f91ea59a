import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AcademyEntity } from '@app/persistence';
import { Public } from '../auth/roles.decorator';
import { AcademiesService } from './academies.service';

export class AcademyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'siena' }) slug: string;
  @ApiProperty({ example: 'Siena' }) name: string;
  @ApiProperty({ example: 'Europe/Rome' }) timeZone: string;
  @ApiProperty({ example: 'it' }) defaultLocale: string;

  static from(a: AcademyEntity): AcademyResponse {
    return { id: a.id, slug: a.slug, name: a.name, timeZone: a.timeZone, defaultLocale: a.defaultLocale };
  }
}

@ApiTags('academies')
@Controller('v1/academies')
export class AcademiesController {
  constructor(private readonly academies: AcademiesService) {}

  /** Public: a newcomer picks their academy when registering. */
  @Public()
  @Get()
  @ApiOkResponse({ type: [AcademyResponse] })
  async list(): Promise<AcademyResponse[]> {
    return (await this.academies.list()).map((a) => AcademyResponse.from(a));
  }
}
