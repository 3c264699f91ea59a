import { Injectable } from '@nestjs/common';
import { AcademiesRepository, type AcademyEntity } from '@app/persistence';
import { type Actor } from '../auth/actor';
import { ApiException } from '../common/errors/api.exception';
import { ErrorCode } from '../common/errors/error-code';

/** The academies, public: a newcomer picks theirs when registering. Their settings are their coordinators'. */
@Injectable()
export class AcademiesService {
  constructor(private readonly academies: AcademiesRepository) {}

  list(): Promise<AcademyEntity[]> {
    return this.academies.list();
  }

  async update(actor: Actor, id: string, changes: { phone?: string | null }): Promise<AcademyEntity> {
    if (actor.role !== 'admin' && actor.academyId !== id) {
      throw new ApiException(ErrorCode.AcademyForbidden, 'You can change only your own academy');
    }
    const updated = await this.academies.update(id, changes.phone === undefined ? {} : { phone: changes.phone?.trim() ?? null }, actor.id);
    if (!updated) throw new ApiException(ErrorCode.NotFound, 'No such academy');
    return updated;
  }
}
