import { Injectable } from '@nestjs/common';
import { AcademyOwnershipRepository } from '@app/persistence';
import { Actor } from '../../auth/actor';
import { ApiException } from '../errors/api.exception';
import { ErrorCode } from '../errors/error-code';

/**
 * One rule for ids in filters and bodies: an id naming a record of another
 * academy is refused with 403 `academy_forbidden`, naming the field, the
 * same answer as naming the other academy itself. An id of no record passes
 * and finds nothing (an empty list, a 404 or a 422 later).
 */
@Injectable()
export class ForeignIds {
  constructor(private readonly ownership: AcademyOwnershipRepository) {}

  async assertOwnAcademy(actor: Actor, ids: Record<string, string | null | undefined>): Promise<void> {
    if (actor.role === 'admin') return;
    const named = Object.entries(ids).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
    if (named.length === 0) return;
    const academies = await this.ownership.academiesOf([...new Set(named.map(([, id]) => id))]);
    const foreign = named.filter(([, id]) => academies.has(id) && academies.get(id) !== actor.academyId);
    if (foreign.length > 0) {
      throw new ApiException(
        ErrorCode.AcademyForbidden,
        'You can name only your own academy’s records',
        foreign.map(([field]) => ({ field, message: 'belongs to another academy' })),
      );
    }
  }
}
