import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { AcademyEntity } from '@app/persistence';
import { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Public, Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/errors/error-code';
import { ApiProblems } from '../common/http/openapi';
import { IdParam } from '../common/http/parse-uuid.pipe';
import { AcademiesService } from './academies.service';

/** An international number: "+", the country code, then digits, optionally grouped by spaces. */
const PHONE = /^\+[1-9][0-9]{0,2}( ?[0-9]{1,6}){2,6}$/;

export class AcademyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'siena' }) slug: string;
  @ApiProperty({ example: 'Siena' }) name: string;
  @ApiProperty({ example: 'Europe/Rome' }) timeZone: string;
  @ApiProperty({ example: 'it' }) defaultLocale: string;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '+39 0577 123456',
    description: 'The academy’s phone: the join page offers it when the video does not work.',
  })
  phone: string | null;

  static from(a: AcademyEntity): AcademyResponse {
    return { id: a.id, slug: a.slug, name: a.name, timeZone: a.timeZone, defaultLocale: a.defaultLocale, phone: a.phone };
  }
}

export class UpdateAcademyDto {
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '+39 0577 123456',
    description: 'International format (+, country code, digits; spaces allowed); null removes it.',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Matches(PHONE, { message: 'must be an international number such as +39 0577 123456' })
  phone?: string | null;
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

  /** The academy's settings: its coordinators, or an admin. */
  @Patch(':id')
  @Roles('coordinator', 'admin')
  @ApiBearerAuth()
  @ApiOkResponse({ type: AcademyResponse })
  @ApiProblems(ErrorCode.Forbidden, ErrorCode.AcademyForbidden)
  async update(@CurrentActor() actor: Actor, @IdParam() id: string, @Body() dto: UpdateAcademyDto): Promise<AcademyResponse> {
    return AcademyResponse.from(await this.academies.update(actor, id, dto));
  }
}
