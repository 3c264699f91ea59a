import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ApiException } from '../errors/api.exception';
import { ErrorCode } from '../errors/error-code';
import { isLocalDate } from './validators';

/** A path parameter that must be a real calendar date, "YYYY-MM-DD". */
@Injectable()
export class ParseLocalDatePipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (!isLocalDate(value)) throw ApiException.field(ErrorCode.ValidationFailed, metadata.data ?? 'date', 'must be a date as YYYY-MM-DD');
    return value;
  }
}
