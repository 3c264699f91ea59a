import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength, registerDecorator } from 'class-validator';
import { isCommonPassword } from '@app/security';
import { HasNoControlCharacters } from '../../common/http/validators';

/** The constraint's name: the validation pipe answers `password_too_common` when it is the only one broken. */
export const NOT_COMMON_PASSWORD = 'isNotCommonPassword';

/** Refuses a password on the shipped list of the most common and leaked ones (`isCommonPassword`). */
function IsNotCommonPassword(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: NOT_COMMON_PASSWORD,
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: 'is one of the most common passwords, which are guessed first; choose another' },
      validator: { validate: (value: unknown) => typeof value !== 'string' || !isCommonPassword(value) },
    });
}

/**
 * The one rule for a password someone chooses (registering, resetting,
 * changing it, accepting an invitation): 10 to 128 characters, no control
 * characters, not one of the most common passwords. Applied in the order the
 * decorators would be stacked, so the problems read the same.
 */
export function NewPasswordField(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    HasNoControlCharacters()(target, propertyName as string);
    MaxLength(128)(target, propertyName);
    MinLength(10)(target, propertyName);
    IsString()(target, propertyName);
    // Last, so a short or long password is told so first (validation stops at a field's first problem).
    IsNotCommonPassword()(target, propertyName);
    ApiProperty({
      minLength: 10,
      maxLength: 128,
      description: 'At least 10 characters, and not one of the most common passwords (400 `password_too_common`).',
    })(target, propertyName);
  };
}
