import { SetMetadata } from '@nestjs/common';
import { type Role } from '@app/persistence';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** Restricts a route to these roles. Routes without it need only a signed-in caller. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Opens a route to anonymous callers. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
