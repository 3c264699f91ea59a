import { PickType } from '@nestjs/swagger';
import { AccountFieldsDto } from './account-fields.dto';

/** What a person changes about their own account from any page: the language of the app and of their mails. */
export class UpdateMeDto extends PickType(AccountFieldsDto, ['locale'] as const) {}
