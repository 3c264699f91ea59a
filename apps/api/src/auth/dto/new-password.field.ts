import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { HasNoControlCharacters } from '../../common/http/validators';

/**
 * The one rule for a password someone chooses (registering, resetting,
 * changing it): 10 to 128 characters, no control characters. Applied in the
 * order the decorators would be stacked, so the problems read the same.
 */
export function NewPasswordField(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    HasNoControlCharacters()(target, propertyName as string);
    MaxLength(128)(target, propertyName);
    MinLength(10)(target, propertyName);
    IsString()(target, propertyName);
    ApiProperty({ minLength: 10, maxLength: 128, description: 'At least 10 characters.' })(target, propertyName);
  };
}
