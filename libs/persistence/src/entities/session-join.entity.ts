import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The first time one of a session's two people opened its room: attendance the coach can confirm. */
@Entity('session_join')
export class SessionJoinEntity {
  @PrimaryColumn({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'joined_at', type: 'timestamptz' })
  joinedAt: Date;
}
