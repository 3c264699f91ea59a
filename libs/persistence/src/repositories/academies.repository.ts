import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AcademyEntity } from '../entities';

@Injectable()
export class AcademiesRepository {
  constructor(@InjectRepository(AcademyEntity) private readonly academies: Repository<AcademyEntity>) {}

  list(): Promise<AcademyEntity[]> {
    return this.academies.find({ order: { name: 'ASC' } });
  }

  findById(id: string): Promise<AcademyEntity | null> {
    return this.academies.findOne({ where: { id } });
  }

  findBySlug(slug: string): Promise<AcademyEntity | null> {
    return this.academies.findOne({ where: { slug } });
  }
}
