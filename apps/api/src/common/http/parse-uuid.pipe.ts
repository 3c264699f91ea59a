import { ArgumentMetadata, Injectable, Param, PipeTransform } from '@nestjs/common';
import { ApiException } from '../errors/api.exception';
import { ErrorCode } from '../errors/error-code';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Like Nest's ParseUUIDPipe, but the problem names the parameter. */
@Injectable()
export class ParseUuidPipe implements PipeTransform<string, string> {
  transform(value: string, metadata: ArgumentMetadata): string {
    if (typeof value !== 'string' || !UUID.test(value)) {
      throw ApiException.field(ErrorCode.ValidationFailed, metadata.data ?? 'id', 'must be a UUID');
    }
    return value.toLowerCase();
  }
}

/** The `:id` of a route's path, a UUID: the record the route acts on. */
export const IdParam = () => Param('id', ParseUuidPipe);
