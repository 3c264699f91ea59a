import { ApiProperty } from '@nestjs/swagger';
import { ROLES, Role, UserEntity } from '@app/persistence';
import { OffsetPageOf } from '../../common/http/page.response';

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) academyId: string | null;
  @ApiProperty() displayName: string;
  @ApiProperty() locale: string;
  @ApiProperty() timeZone: string;
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ description: 'Whether the person has opened a link mailed to the address (newcomers book only then).' })
  emailVerified: boolean;
  @ApiProperty({ description: 'A disabled account cannot sign in.' }) disabled: boolean;

  static from(user: UserEntity): UserResponse {
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      academyId: user.academyId,
      displayName: user.displayName,
      locale: user.locale,
      timeZone: user.timeZone,
      languages: user.languages,
      createdAt: user.createdAt.toISOString(),
      emailVerified: user.emailVerifiedAt !== null,
      disabled: user.disabledAt !== null,
    };
  }
}

export class UserPageResponse extends OffsetPageOf(UserResponse) {}
