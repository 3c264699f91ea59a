import { type Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

/** The members of every offset-paged answer (`?limit=&offset=`), for the item class `item`. */
export interface OffsetPage<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/**
 * The class of an offset-paged answer of `item`s, to extend with a named class
 * (`class UserPageResponse extends OffsetPageOf(UserResponse) {}`): the name
 * is the schema's name in the OpenAPI document, the members are written once.
 */
export function OffsetPageOf<T>(item: Type<T>): Type<OffsetPage<T>> {
  class Page implements OffsetPage<T> {
    @ApiProperty({ type: [item] }) items: T[];
    @ApiProperty({ type: 'integer' }) total: number;
    @ApiProperty({ type: 'integer' }) limit: number;
    @ApiProperty({ type: 'integer' }) offset: number;
  }
  return Page;
}
