import { Injectable } from '@nestjs/common';
import { AcademiesRepository, type AcademyEntity } from '@app/persistence';

/** The academies, public: a newcomer picks theirs when registering. */
@Injectable()
export class AcademiesService {
  constructor(private readonly academies: AcademiesRepository) {}

  list(): Promise<AcademyEntity[]> {
    return this.academies.list();
  }
}
