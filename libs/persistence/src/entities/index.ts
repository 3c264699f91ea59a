import { AcademyEntity } from './academy.entity';
import { AuditLogEntity } from './audit-log.entity';
import { UserEntity } from './user.entity';

export { AcademyEntity, AuditLogEntity, UserEntity };
export * from './user.entity';

export const ENTITIES = [AcademyEntity, UserEntity, AuditLogEntity];
