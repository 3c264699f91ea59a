import { ArgumentMetadata, Injectable, ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiException, FieldError } from '../errors/api.exception';
import { ErrorCode } from '../errors/error-code';
import { NOT_COMMON_PASSWORD } from '../../auth/dto/new-password.field';
import { fieldNestedTooDeep, MAX_BODY_DEPTH } from './json-depth';

/** Flattens class-validator's tree into `{field, message}` pairs with dotted paths ("weekly.0.start"). */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) result.push({ field, message });
    if (error.children && error.children.length > 0) result.push(...toFieldErrors(error.children, field));
  }
  return result;
}

/**
 * Whitelisting, rejection of unknown fields and transformation, with every
 * failure reported as `validation_failed` naming the fields.
 */
@Injectable()
export class ApiValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      // One message per field: the first rule it breaks.
      stopAtFirstError: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => {
        const fieldErrors = toFieldErrors(errors);
        // A common password alone gets its own code, so a client can say so in the reader's language.
        const onlyCommonPassword = errors.every(
          (e) => !e.children?.length && Object.keys(e.constraints ?? {}).join() === NOT_COMMON_PASSWORD,
        );
        return new ApiException(
          onlyCommonPassword ? ErrorCode.PasswordTooCommon : ErrorCode.ValidationFailed,
          fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; '),
          fieldErrors,
        );
      },
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && metadata.metatype !== Object) {
      // A body whose every field is optional may be left out altogether (DELETE /v1/me).
      if (value === undefined && (metadata.metatype as { readonly mayBeOmitted?: boolean }).mayBeOmitted) value = {};
      if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw ApiException.field(ErrorCode.ValidationFailed, 'body', 'must be a JSON object');
      }
      // Before class-transformer, whose recursion a deeply nested body would overflow.
      const tooDeep = fieldNestedTooDeep(value);
      if (tooDeep) throw ApiException.field(ErrorCode.ValidationFailed, tooDeep, `must not nest deeper than ${MAX_BODY_DEPTH} levels`);
    }
    return super.transform(value, metadata);
  }
}
