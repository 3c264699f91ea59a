import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * Which academy an id belongs to, whatever it names: an account (newcomer,
 * coach or coordinator, and so a coach profile) or a session. Only for
 * refusing an id of another academy in a filter or a body; reads stay scoped
 * in their own queries.
 */
@Injectable()
export class AcademyOwnershipRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The academies of the ids that name a record; an id of no record, or of an admin, is absent. */
  async academiesOf(ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ id: string; academy_id: string }> = await this.dataSource.query(
      `SELECT id, academy_id FROM app_user WHERE id = ANY($1::uuid[]) AND academy_id IS NOT NULL
       UNION ALL
       SELECT id, academy_id FROM coaching_session WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.academy_id]));
  }
}
